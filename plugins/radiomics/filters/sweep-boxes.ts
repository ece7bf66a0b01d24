/**
 * Separable filters (LoG, wavelet) sweep x, then y, then z. Features read only the ROI's box, so each sweep need
 * compute only what the later sweeps read, and those read whole lines along their own axes.
 */
import type { BoundingBox } from '../../../core/image/geometry.js';
import type { Vec3 } from '../../../core/image/image.js';

/**
 * The outputs each sweep must compute (inclusive bounds) for the last one to be exact in `read` (default: all): the x
 * sweep in read's x range (every y, z), the y sweep in its x and y ranges (every z), the z sweep in read itself.
 */
export function sweepBoxes(size: Vec3, read?: BoundingBox): [BoundingBox, BoundingBox, BoundingBox] {
  const last: Vec3 = [size[0] - 1, size[1] - 1, size[2] - 1];
  const r = read ?? { lower: [0, 0, 0], upper: last };
  return [
    { lower: [r.lower[0], 0, 0], upper: [r.upper[0], last[1], last[2]] },
    { lower: [r.lower[0], r.lower[1], 0], upper: [r.upper[0], r.upper[1], last[2]] },
    r,
  ];
}
