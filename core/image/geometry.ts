/**
 * Image grids: geometry comparison, index ↔ world (LPS mm) transforms, mask bounding boxes and crops.
 */
import { EmptyRegionError, GeometryMismatchError, type ErrorWhere } from '../errors.js';
import type { Image3D, Vec3, VoxelArray } from './image.js';
import { forEachNonZeroRun, forEachRun } from './runs.js';

export type Grid = Pick<Image3D, 'size' | 'spacing' | 'origin' | 'direction'>;

export interface SameGeometryOptions {
  /**
   * Largest accepted difference: spacing and origin are compared per axis against
   * `tolerance × spacing of the first image` (as ITK's coordinate tolerance), direction cosines directly.
   * @default 1e-3
   */
  tolerance?: number;
  /** Site, case and file named in the error. @default {} */
  where?: ErrorWhere;
  /** How the two images are called in the message, first then second. @default ['image', 'mask'] */
  names?: [string, string];
}

/** Formats a millimetre value the way people write them: 1.0, 0.98, 0.664062. */
export function formatMm(x: number): string {
  if (Number.isInteger(x)) return x.toFixed(1);
  return String(Number(x.toFixed(6)));
}

const triple = (v: number[], format: (x: number) => string = String) => v.map(format).join('×');

/**
 * Throws GeometryMismatchError when `b` does not lie on `a`'s grid (size, spacing, origin, direction).
 * Message: "site north, case n-017: mask spacing 1.0×1.0×3.0 mm differs from image 0.98×0.98×3.0 mm
 * (tolerance 1e-3). Resample the mask or raise geometryTolerance."
 */
export function checkSameGeometry(a: Grid, b: Grid, options: SameGeometryOptions = {}): void {
  const tolerance = options.tolerance ?? 1e-3;
  const [nameA, nameB] = options.names ?? ['image', 'mask'];
  const where = options.where ?? {};
  // The design's message style ends in a full stop; CohortflowError appends the fix as given.
  const fix = `Resample the ${nameB} or raise geometryTolerance.`;
  const tol = `(tolerance ${tolerance.toExponential().replace('e+', 'e')})`;
  if (a.size.some((s, i) => s !== b.size[i])) {
    throw new GeometryMismatchError(`${nameB} size ${triple(b.size)} voxels differs from ${nameA} ${triple(a.size)}`, where, `Resample the ${nameB} onto the ${nameA} grid.`);
  }
  if (a.spacing.some((s, i) => Math.abs(s - b.spacing[i]) > tolerance * a.spacing[i])) {
    throw new GeometryMismatchError(`${nameB} spacing ${triple(b.spacing, formatMm)} mm differs from ${nameA} ${triple(a.spacing, formatMm)} mm ${tol}`, where, fix);
  }
  if (a.origin.some((o, i) => Math.abs(o - b.origin[i]) > tolerance * a.spacing[i])) {
    throw new GeometryMismatchError(`${nameB} origin ${triple(b.origin, formatMm)} mm differs from ${nameA} ${triple(a.origin, formatMm)} mm ${tol}`, where, fix);
  }
  if (a.direction.some((d, i) => Math.abs(d - b.direction[i]) > tolerance)) {
    const show = (m: number[]) => `[${m.map((x) => Number(x.toFixed(4))).join(', ')}]`;
    throw new GeometryMismatchError(`${nameB} direction ${show(b.direction)} differs from ${nameA} ${show(a.direction)} ${tol}`, where, fix);
  }
}

/** True when `b` lies on `a`'s grid within the tolerance (see checkSameGeometry). */
export function haveSameGeometry(a: Grid, b: Grid, tolerance = 1e-3): boolean {
  try {
    checkSameGeometry(a, b, { tolerance });
    return true;
  } catch (error) {
    if (error instanceof GeometryMismatchError) return false;
    throw error;
  }
}

/** World position (LPS mm) of a (possibly fractional) voxel index: origin + D · (spacing ∘ index). */
export function indexToWorld(grid: Grid, index: Vec3): Vec3 {
  const { origin: o, spacing: s, direction: d } = grid;
  const v = [index[0] * s[0], index[1] * s[1], index[2] * s[2]];
  return [
    o[0] + d[0] * v[0] + d[1] * v[1] + d[2] * v[2],
    o[1] + d[3] * v[0] + d[4] * v[1] + d[5] * v[2],
    o[2] + d[6] * v[0] + d[7] * v[1] + d[8] * v[2],
  ];
}

/** Continuous voxel index of a world point (the inverse of indexToWorld; direction need not be orthogonal). */
export function worldToIndex(grid: Grid, point: Vec3): Vec3 {
  const inv = invert3(grid.direction);
  const p = [point[0] - grid.origin[0], point[1] - grid.origin[1], point[2] - grid.origin[2]];
  const out: Vec3 = [0, 0, 0];
  for (let r = 0; r < 3; r++) out[r] = (inv[r * 3] * p[0] + inv[r * 3 + 1] * p[1] + inv[r * 3 + 2] * p[2]) / grid.spacing[r];
  return out;
}

/** Inverse of a row-major 3×3 matrix. */
export function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-12) throw new RangeError('direction matrix is singular');
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

/** Inclusive voxel-index box. */
export interface BoundingBox {
  lower: Vec3;
  upper: Vec3;
}

/** Bounding box of voxels equal to `label` (or of every non-zero voxel when label is omitted); undefined when none. */
export function maskBoundingBox(mask: Pick<Image3D, 'size' | 'data'>, label?: number): BoundingBox | undefined {
  const [sx, sy, sz] = mask.size;
  const sxy = sx * sy;
  // Starts past the last index rather than at Infinity: a small-integer array, so the box and every size computed
  // from it stay integers for the JIT (a double array makes the index arithmetic of its users floating point).
  const lower: Vec3 = [sx, sy, sz];
  const upper: Vec3 = [-1, -1, -1];
  const include = (x: number, y: number, z: number) => {
    if (x < lower[0]) lower[0] = x;
    if (x > upper[0]) upper[0] = x;
    if (y < lower[1]) lower[1] = y;
    if (y > upper[1]) upper[1] = y;
    if (z < lower[2]) lower[2] = z;
    if (z > upper[2]) upper[2] = z;
  };
  const visit = (start: number, end: number) => {
    const z0 = Math.floor(start / sxy), y0 = Math.floor((start - z0 * sxy) / sx);
    const last = end - 1;
    const z1 = Math.floor(last / sxy), y1 = Math.floor((last - z1 * sxy) / sx);
    include(start - z0 * sxy - y0 * sx, y0, z0);
    include(last - z1 * sxy - y1 * sx, y1, z1);
    // A run that wraps into the next row (slice) covers both ends of the x (y) axis.
    if (y1 !== y0 || z1 !== z0) include(0, y0, z0), include(sx - 1, y0, z0);
    if (z1 !== z0) include(0, 0, z0), include(0, sy - 1, z0);
  };
  if (label === undefined) forEachNonZeroRun(mask.data, visit);
  else forEachRun(mask.data, label, visit);
  return upper[0] < 0 ? undefined : { lower, upper };
}

/** Bounding box grown by `pad` voxels per axis and clamped to the image. */
export function padBoundingBox(box: BoundingBox, pad: Vec3 | number, size: Vec3): BoundingBox {
  const p = typeof pad === 'number' ? [pad, pad, pad] : pad;
  return {
    lower: [0, 1, 2].map((i) => Math.max(0, box.lower[i] - p[i])) as Vec3,
    upper: [0, 1, 2].map((i) => Math.min(size[i] - 1, box.upper[i] + p[i])) as Vec3,
  };
}

/** The sub-image inside an inclusive box; its origin moves so that every voxel keeps its world position. */
export function cropImage<T extends VoxelArray>(image: Image3D<T>, box: BoundingBox): Image3D<T> {
  const { lower, upper } = box;
  for (let i = 0; i < 3; i++) {
    if (lower[i] < 0 || upper[i] >= image.size[i] || lower[i] > upper[i]) {
      throw new RangeError(`crop box ${lower.join(',')}–${upper.join(',')} lies outside size ${image.size.join('×')}`);
    }
  }
  const size: Vec3 = [upper[0] - lower[0] + 1, upper[1] - lower[1] + 1, upper[2] - lower[2] + 1];
  const kind = image.data.constructor as new (n: number) => T;
  const data = new kind(size[0] * size[1] * size[2]);
  const [sx, sy] = image.size;
  let o = 0;
  for (let z = lower[2]; z <= upper[2]; z++) {
    for (let y = lower[1]; y <= upper[1]; y++) {
      const start = lower[0] + y * sx + z * sx * sy;
      (data as VoxelArray).set(image.data.subarray(start, start + size[0]) as ArrayLike<number>, o);
      o += size[0];
    }
  }
  return { size, spacing: [...image.spacing] as Vec3, origin: indexToWorld(image, lower), direction: [...image.direction], data };
}

/** Crops image and mask to the mask's label box plus `pad` voxels (as PyRadiomics' cropToTumorMask). */
export function cropToMask<T extends VoxelArray, M extends VoxelArray>(
  image: Image3D<T>,
  mask: Image3D<M>,
  options: { label?: number; pad?: number; where?: ErrorWhere } = {},
): { image: Image3D<T>; mask: Image3D<M>; box: BoundingBox } {
  const box = maskBoundingBox(mask, options.label ?? 1);
  if (!box) {
    throw new EmptyRegionError(`mask has no voxel with label ${options.label ?? 1}`, options.where ?? {}, 'Check the label value or the segmentation');
  }
  const padded = padBoundingBox(box, options.pad ?? 0, mask.size);
  return { image: cropImage(image, padded), mask: cropImage(mask, padded), box: padded };
}
