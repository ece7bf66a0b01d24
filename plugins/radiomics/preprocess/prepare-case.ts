/**
 * The per-case processing chain before any filter or feature, in PyRadiomics' order:
 * geometry check → label selection → normalize (whole image) → resample → ROI checks →
 * crop to the ROI box plus padDistance → re-segmentation (range, then IBSI outlier filter).
 */
import { GeometryMismatchError, InvalidInputError, type ErrorWhere } from '../../../core/errors.js';
import { checkSameGeometry, cropImage, maskBoundingBox, padBoundingBox, type BoundingBox } from '../../../core/image/geometry.js';
import type { Image3D, Vec3 } from '../../../core/image/image.js';
import { countForeground, selectLabel } from '../../../core/image/mask.js';
import type { ExtractionSettings } from '../settings.js';
import { resampleForRadiomics } from './resample.js';
import { normalizeIntensities } from './normalize.js';
import { resegmentMask, roiMeanSd } from './resegment.js';
import { checkRoi } from './roi-checks.js';

export interface PreparedCase {
  /** Intensities on the cropped, padded grid (float64). */
  image: Image3D<Float64Array>;
  /** ROI after re-segmentation (0/1) on the cropped grid: used by first-order and texture families. */
  roi: Uint8Array;
  /** ROI used by shape features (before re-segmentation unless resegmentShape). */
  shapeMask: Uint8Array;
  /** The ROI's bounding box on the original (possibly resampled) grid, before padding. */
  box: BoundingBox;
  /** Lower bound of the re-segmentation range (IBSI fixed bin size starts there). */
  resegmentLower: number | null;
  /**
   * The image PyRadiomics would filter (whole image, the resampled grid, or the preCrop crop) and where
   * `image` sits in it: recursive filters (LoG) see the borders, so they must run on the same extent.
   */
  extent: { data: Float64Array; size: Vec3; lower: Vec3 };
  /** Largest |intensity| of the image PyRadiomics would filter (whole image, or the resampled crop). */
  maxAbs: number;
  /** Diagnostic values gathered on the way (PyRadiomics diagnostics_* names without prefix). */
  diagnostics: Record<string, string | number>;
}

const fmt = (v: number[]): string => `(${v.join(', ')})`;

/**
 * Sets NaN voxels outside the ROI to 0 and counts those inside; also returns the largest |intensity| (after that
 * replacement). One pass over the whole image instead of two: this image can be much larger than the ROI.
 */
function neutraliseNaN(data: Float64Array, roi: Uint8Array): { nanInside: number; maxAbs: number } {
  let nanInside = 0, maxAbs = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) {
      if (roi[i]) nanInside++;
      else data[i] = 0;
      continue;
    }
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
  }
  return { nanInside, maxAbs };
}

export function prepareCase(image: Image3D, mask: Image3D, s: ExtractionSettings, where: ErrorWhere = {}): PreparedCase {
  const diagnostics: Record<string, string | number> = {};
  if (image.data.length !== image.size[0] * image.size[1] * image.size[2]) {
    throw new InvalidInputError(`image holds ${image.data.length} voxels but its size is ${image.size.join('×')}`, where, 'Re-export the image');
  }
  try {
    checkSameGeometry(image, mask, { tolerance: s.geometryTolerance, where });
  } catch (e) {
    if (!(e instanceof GeometryMismatchError) || !s.correctMask) throw e;
    throw new GeometryMismatchError(`${e.message} (correctMask is not implemented)`, where, 'Resample the mask onto the image grid');
  }
  const labelMask = selectLabel(mask, s.label, where);
  let source: Image3D = image;
  let roiImg: Image3D<Uint8Array> = labelMask;

  diagnostics['Image-original_Spacing'] = fmt(image.spacing);
  diagnostics['Image-original_Size'] = fmt(image.size);

  if (s.normalize) {
    source = { ...image, data: normalizeIntensities(image.data as ArrayLike<number>, { scale: s.normalizeScale, removeOutliers: s.removeOutliers }) };
  }

  const roiOpts = { label: s.label, minimumROIDimensions: s.minimumROIDimensions, minimumROISize: s.minimumROISize };
  const nanError = (n: number) =>
    new InvalidInputError(`image has ${n} NaN voxel(s) inside the ROI (label ${s.label})`, where, 'Fix the image or exclude those voxels from the mask');
  // Float64 intensities, rounded if asked; NaN voxels cannot be ordered or binned: refused inside the ROI, 0 outside.
  const toIntensities = (data: ArrayLike<number>, roi: Uint8Array) => {
    const out = new Float64Array(data);
    if (s.roundIntensities) for (let i = 0; i < out.length; i++) out[i] = Math.round(out[i]);
    const { nanInside, maxAbs } = neutraliseNaN(out, roi);
    if (nanInside > 0) throw nanError(nanInside);
    return { data: out, maxAbs };
  };

  let full: { image: Image3D<Float64Array>; maxAbs: number } | null = null;
  if (s.resampledPixelSpacing) {
    const box0 = maskBoundingBox(roiImg, 1);
    checkRoi(box0, countForeground(roiImg), roiOpts);
    // Resample from the voxel type as read: PyRadiomics casts interpolated values back to it.
    const r = resampleForRadiomics(source, roiImg, s, where);
    roiImg = r.mask;
    const t = toIntensities(r.image.data, roiImg.data);
    full = { image: { ...r.image, data: t.data }, maxAbs: t.maxAbs };
  }
  const box = maskBoundingBox(roiImg, 1);
  // Without resampling the image can be far larger than the ROI: crop first and convert only the crop; the whole
  // image as float64 (LoG's extent, the intensity maps' max |intensity|) is computed only if something asks for it.
  const padded = box ? padBoundingBox(box, s.padDistance, roiImg.size) : null;
  const croppedMask = padded ? cropImage(roiImg, padded) : null;
  let cropped: Image3D<Float64Array> | null = null;
  if (full) {
    if (padded) cropped = cropImage(full.image, padded);
  } else if (padded && croppedMask) {
    const raw = cropImage(source, padded);
    cropped = { ...raw, data: toIntensities(raw.data as ArrayLike<number>, croppedMask.data).data };
  }
  // Every ROI voxel lies in the crop, so counting there is counting everywhere.
  const count = croppedMask ? countForeground(croppedMask) : 0;
  checkRoi(box, count, roiOpts);
  if (!box || !padded || !croppedMask || !cropped) throw new Error('prepareCase: checkRoi accepted an empty ROI');
  const wholeImage = (): { image: Image3D<Float64Array>; maxAbs: number } => {
    if (!full) {
      const t = toIntensities(source.data as ArrayLike<number>, roiImg.data);
      full = { image: { ...source, data: t.data }, maxAbs: t.maxAbs };
    }
    return full;
  };
  // preCrop (PyRadiomics) filters the crop itself; otherwise the whole (possibly resampled) image.
  let extent: PreparedCase['extent'] | null = null;
  const extentOf = (): PreparedCase['extent'] => (extent ??= s.preCrop && !s.resampledPixelSpacing
    ? { data: cropped!.data.slice(), size: [...cropped!.size] as Vec3, lower: [0, 0, 0] as Vec3 }
    : { data: wholeImage().image.data, size: wholeImage().image.size, lower: padded.lower });
  const shapeMask = croppedMask.data;
  let roi = shapeMask;
  let resegmentLower: number | null = null;

  if (s.resegmentRange) {
    const r = resegmentMask(cropped.data, roi, s.resegmentRange, s.resegmentMode);
    roi = r.mask;
    resegmentLower = s.resegmentMode === 'absolute' ? r.thresholds[0] : null;
  }
  if (s.outlierSigma !== null) {
    const { mean, sd } = roiMeanSd(cropped.data, roi);
    roi = resegmentMask(cropped.data, roi, [mean - s.outlierSigma * sd, mean + s.outlierSigma * sd]).mask;
  }
  const roiCount = countForeground({ data: roi });
  if (roi !== shapeMask) {
    const rbox = maskBoundingBox({ size: cropped.size, data: roi }, 1);
    checkRoi(rbox, roiCount, { label: s.label, minimumROIDimensions: s.minimumROIDimensions, minimumROISize: s.minimumROISize });
    diagnostics['Mask-resegmented_VoxelNum'] = roiCount;
  }

  const boxSize: Vec3 = [box.upper[0] - box.lower[0] + 1, box.upper[1] - box.lower[1] + 1, box.upper[2] - box.lower[2] + 1];
  diagnostics['Mask-original_BoundingBox'] = fmt([...box.lower, ...boxSize]);
  diagnostics['Mask-original_VoxelNum'] = count;
  const grid = full ? full.image : source;
  diagnostics['Image-interpolated_Spacing'] = fmt(grid.spacing);
  diagnostics['Image-interpolated_Size'] = fmt(grid.size);
  return {
    image: cropped,
    roi,
    shapeMask: s.resegmentShape ? roi : shapeMask,
    box,
    resegmentLower,
    get extent() {
      return extentOf();
    },
    get maxAbs() {
      return wholeImage().maxAbs;
    },
    diagnostics,
  };
}
