/**
 * Moves an image onto the grid a model card expects (axis orientation, then voxel spacing) and a
 * label map back onto the image's own grid. Reorientation is an exact permutation; resampling is
 * linear for intensities and nearest-neighbour for labels.
 */
import type { Image3D, Vec3 } from '../image/image.js';
import { resampleMask, resampleToGrid, resampleToSpacing } from '../image/resample.js';
import type { ModelCard } from './model-card.js';
import { orientationCode, reorient } from './orientation.js';

export interface ModelGrid {
  /** The image on the model's grid (float-compatible voxel values). */
  image: Image3D;
  /** Orientation code of the source image. */
  sourceOrientation: string;
  /** The reoriented source grid, before resampling (labels come back through it). */
  reoriented: Pick<Image3D, 'size' | 'spacing' | 'origin' | 'direction'>;
  resampled: boolean;
}

/** Relative spacing difference below which no resampling is done. */
const SPACING_TOLERANCE = 1e-3;

export function toModelGrid(image: Image3D, card: ModelCard): ModelGrid {
  const sourceOrientation = orientationCode(image.direction);
  const oriented = card.orientation ? reorient(image, card.orientation) : image;
  const reoriented = { size: oriented.size, spacing: oriented.spacing, origin: oriented.origin, direction: oriented.direction };
  const target = card.spacing;
  if (!target || oriented.spacing.every((s, a) => Math.abs(s - target[a]) <= SPACING_TOLERANCE * target[a])) {
    return { image: oriented, sourceOrientation, reoriented, resampled: false };
  }
  // IBSI centre alignment keeps the field of view; float32 keeps fractional intensities.
  const resampled = resampleToSpacing(oriented, [...target] as Vec3, { interpolator: 'linear', outputType: 'float32' });
  return { image: resampled, sourceOrientation, reoriented, resampled: true };
}

/** A mask on `grid.image` brought back to the source image's grid, with the source's geometry. */
export function fromModelGrid(labels: Image3D<Uint8Array>, grid: ModelGrid, source: Image3D): Image3D<Uint8Array> {
  const oriented = grid.resampled
    ? (resampleToGrid(labels, source, { interpolator: 'nearest' }) as Image3D<Uint8Array>)
    : reorient({ ...grid.reoriented, data: labels.data }, grid.sourceOrientation);
  // Copy the source geometry so float noise from the round trip cannot make a mask "mismatch".
  return { size: [...source.size] as Vec3, spacing: [...source.spacing] as Vec3, origin: [...source.origin] as Vec3, direction: [...source.direction], data: oriented.data };
}

/** A mask on the source grid moved onto the model grid (binary: label, or any non-zero). */
export function maskToModelGrid(mask: Image3D, grid: ModelGrid, label?: number): Uint8Array {
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (label === undefined ? mask.data[i] !== 0 : mask.data[i] === label) ? 1 : 0;
  if (grid.resampled) return resampleMask({ ...mask, data }, grid.image, { label: 1 }).data;
  return reorient({ ...mask, data }, orientationCode(grid.reoriented.direction)).data;
}
