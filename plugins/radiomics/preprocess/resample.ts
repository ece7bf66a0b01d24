/**
 * Resampling of image and ROI for radiomics, in either grid convention; interpolation is core/image's.
 * PyRadiomics: grid around the ROI box plus padDistance, image cast back to its voxel type (ITK),
 * mask by nearest neighbour. IBSI: centre-aligned grid over the whole image, float intensities,
 * mask by linear interpolation and a partial-volume threshold.
 */
import type { ErrorWhere } from '../../../core/errors.js';
import type { Image3D, Vec3 } from '../../../core/image/image.js';
import { cropImage, indexToWorld, worldToIndex, type Grid } from '../../../core/image/geometry.js';
import { ibsiGrid, pyradiomicsGrid, pyradiomicsResample, resampleMask, resampleToGrid } from '../../../core/image/resample.js';
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
  const options = { spacing, interpolator, padDistance: s.padDistance, label: 1, where };
  const grid = pyradiomicsGrid(image, mask, options);
  const r = grid ? resampleCropped(image, mask, grid, interpolator) : pyradiomicsResample(image, mask, options);
  // Typed-array constructors copy without the iterator protocol that .from() goes through.
  return { image: { ...r.image, data: new Float64Array(r.image.data as ArrayLike<number>) }, mask: { ...r.mask, data: labelOne(r.mask.data) } };
}

/**
 * 1 where the resampled label is 1. Its own function so that the loop keeps its optimised code when the caller, which
 * runs once per case, deoptimises (the loop would otherwise run interpreted until on-stack replacement).
 */
function labelOne(src: ArrayLike<number>): Uint8Array {
  const m = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) m[i] = src[i] === 1 ? 1 : 0;
  return m;
}

/** Margin (voxels) kept around the target grid: B-spline prefilter influence decays as 0.268^d. */
const MARGIN = 24;

/**
 * Resamples onto `grid` from only the part of the input that the grid covers (plus a margin), so the
 * B-spline coefficients are computed for the neighbourhood of the ROI instead of the whole image (the
 * separable resampler of axis-aligned grids does this itself).
 * Inside the grid the result equals the whole-image interpolation to ~1e-13 relative.
 */
function resampleCropped(image: Image3D, mask: Image3D<Uint8Array>, grid: Grid, interpolator: 'nearest' | 'linear' | 'bspline'): { image: Image3D; mask: Image3D } {
  // A grid with the image's direction is resampled separably, which copies only the neighbourhood it reads.
  if (grid.direction.every((v, i) => Math.abs(v - image.direction[i]) < 1e-9)) {
    return { image: resampleToGrid(image, grid, { interpolator }), mask: resampleToGrid(mask, grid, { interpolator: 'nearest' }) };
  }
  const lower: Vec3 = [Infinity, Infinity, Infinity];
  const upper: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const idx: Vec3 = [c & 1 ? grid.size[0] - 1 : 0, c & 2 ? grid.size[1] - 1 : 0, c & 4 ? grid.size[2] - 1 : 0];
    const p = worldToIndex(image, indexToWorld(grid, idx));
    for (let a = 0; a < 3; a++) { lower[a] = Math.min(lower[a], p[a]); upper[a] = Math.max(upper[a], p[a]); }
  }
  const box = {
    lower: [0, 1, 2].map((a) => Math.max(0, Math.floor(lower[a]) - MARGIN)) as Vec3,
    upper: [0, 1, 2].map((a) => Math.min(image.size[a] - 1, Math.ceil(upper[a]) + MARGIN)) as Vec3,
  };
  return {
    image: resampleToGrid(cropImage(image, box), grid, { interpolator }),
    mask: resampleToGrid(cropImage(mask, box), grid, { interpolator: 'nearest' }),
  };
}
