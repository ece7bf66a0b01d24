/**
 * Resampling of image and ROI for radiomics, in either grid convention; interpolation is core/image's.
 * PyRadiomics: grid around the ROI box plus padDistance, image cast back to its voxel type (ITK),
 * mask by nearest neighbour. IBSI: centre-aligned grid over the whole image, float intensities,
 * mask by linear interpolation and a partial-volume threshold.
 */
import type { ErrorWhere } from '../../../core/errors.js';
import type { Image3D, Vec3 } from '../../../core/image/image.js';
import { ibsiGrid, pyradiomicsResample, resampleMask, resampleToGrid } from '../../../core/image/resample.js';
import { INTERPOLATORS, type ExtractionSettings } from '../settings.js';

export function resampleForRadiomics(
  image: Image3D,
  mask: Image3D<Uint8Array>,
  s: ExtractionSettings,
  where: ErrorWhere = {},
): { image: Image3D<Float64Array>; mask: Image3D<Uint8Array> } {
  const spacing = s.resampledPixelSpacing as Vec3;
  const interpolator = INTERPOLATORS[s.interpolator] ?? 'bspline';
  if (s.resampleGrid === 'ibsi') {
    const target = [0, 1, 2].map((i) => (spacing[i] === 0 ? image.spacing[i] : spacing[i])) as Vec3;
    const grid = ibsiGrid(image, target);
    // IBSI extends the border voxels for points of the new grid that fall just outside the old one.
    const out = resampleToGrid(image, grid, { interpolator, outputType: 'float64', outside: { type: 'edge' } });
    const data = Float64Array.from(out.data as ArrayLike<number>);
    const m = s.maskPartialVolumeThreshold === null
      ? resampleMask(mask, grid, { interpolator: 'nearest', threshold: 0.5 })
      : resampleMask(mask, grid, { interpolator: 'linear', threshold: s.maskPartialVolumeThreshold });
    return { image: { ...out, data }, mask: m };
  }
  const r = pyradiomicsResample(image, mask, { spacing, interpolator, padDistance: s.padDistance, label: 1, where });
  const m = Uint8Array.from(r.mask.data as ArrayLike<number>, (v) => (v === 1 ? 1 : 0));
  return { image: { ...r.image, data: Float64Array.from(r.image.data as ArrayLike<number>) }, mask: { ...r.mask, data: m } };
}
