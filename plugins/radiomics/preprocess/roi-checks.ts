/**
 * PyRadiomics' ROI validity checks (minimumROIDimensions, minimumROISize), as typed errors.
 */
import { EmptyRegionError } from '../../../core/errors.js';
import type { BoundingBox } from '../../../core/image/geometry.js';

export interface RoiCheckOptions {
  /** Dimensions that must span more than one voxel. @default 1 */
  minimumROIDimensions?: number;
  /** Minimum voxel count; null = none. @default null */
  minimumROISize?: number | null;
  /** The label, for messages. @default 1 */
  label?: number;
}

export function checkRoi(box: BoundingBox | undefined, count: number, opts: RoiCheckOptions = {}): asserts box is BoundingBox {
  const label = opts.label ?? 1;
  if (!box) {
    throw new EmptyRegionError(`mask has no voxel with label ${label}`, {}, 'Check the label value (--label) or the mask file');
  }
  const minDims = opts.minimumROIDimensions ?? 1;
  const dims = [0, 1, 2].filter((a) => box.upper[a] > box.lower[a]).length;
  if (dims === 0) {
    // As PyRadiomics: no texture or shape statistic is defined for one voxel.
    throw new EmptyRegionError(`ROI with label ${label} is a single voxel`, {}, 'Check the segmentation; features need at least two voxels');
  }
  if (dims < minDims) {
    throw new EmptyRegionError(
      `ROI with label ${label} spans ${dims} dimension(s) with more than one voxel; minimumROIDimensions is ${minDims}`,
      {},
      'Lower minimumROIDimensions (e.g. 1 for single-voxel ROIs) or use force2D for single-slice masks',
    );
  }
  const minSize = opts.minimumROISize ?? null;
  if (minSize !== null && count < minSize) {
    throw new EmptyRegionError(`ROI with label ${label} has ${count} voxels; minimumROISize is ${minSize}`, {}, 'Lower minimumROISize');
  }
}
