/**
 * Segmentation QC against a reference mask, as MONAI computes them: Dice, the 95th-percentile
 * symmetric Hausdorff distance between mask borders (border = mask minus its 6-connected erosion,
 * distances in mm, numpy linear percentile, max of both directions), and the volume difference.
 */
import type { Vec3 } from '../../core/image/image.js';
import { squaredDistanceToSeeds } from '../../core/image/distance-transform.js';

export interface QcMetrics {
  dice: number;
  /** mm; NaN when either mask is empty. */
  hd95: number;
  /** Predicted minus reference volume, mL. */
  volumeDiffMl: number;
  predictedMl: number;
  referenceMl: number;
}

/** Compares binary masks (nonzero = inside) on the same grid. */
export function qcMetrics(pred: ArrayLike<number>, ref: ArrayLike<number>, size: Vec3, spacing: Vec3): QcMetrics {
  const n = size[0] * size[1] * size[2];
  let a = 0;
  let b = 0;
  let both = 0;
  for (let i = 0; i < n; i++) {
    const p = pred[i] !== 0;
    const r = ref[i] !== 0;
    if (p) a++;
    if (r) b++;
    if (p && r) both++;
  }
  const voxelMl = (spacing[0] * spacing[1] * spacing[2]) / 1000;
  return {
    dice: a + b === 0 ? 1 : (2 * both) / (a + b),
    hd95: a === 0 || b === 0 ? NaN : hausdorff95(pred, ref, size, spacing),
    volumeDiffMl: (a - b) * voxelMl,
    predictedMl: a * voxelMl,
    referenceMl: b * voxelMl,
  };
}

export function hausdorff95(pred: ArrayLike<number>, ref: ArrayLike<number>, size: Vec3, spacing: Vec3): number {
  const ep = border(pred, size);
  const er = border(ref, size);
  const toRef = squaredDistanceToSeeds(er, size, spacing);
  const toPred = squaredDistanceToSeeds(ep, size, spacing);
  return Math.max(percentile(pick(toRef, ep), 95), percentile(pick(toPred, er), 95));
}

/** Voxels of the mask with a 6-neighbour outside it (outside the image counts as outside). */
export function border(mask: ArrayLike<number>, size: Vec3): Uint8Array {
  const [sx, sy, sz] = size;
  const out = new Uint8Array(sx * sy * sz);
  const inside = (x: number, y: number, z: number) => x >= 0 && y >= 0 && z >= 0 && x < sx && y < sy && z < sz && mask[x + y * sx + z * sx * sy] !== 0;
  for (let z = 0, i = 0; z < sz; z++) {
    for (let y = 0; y < sy; y++) {
      for (let x = 0; x < sx; x++, i++) {
        if (mask[i] === 0) continue;
        if (!inside(x - 1, y, z) || !inside(x + 1, y, z) || !inside(x, y - 1, z) || !inside(x, y + 1, z) || !inside(x, y, z - 1) || !inside(x, y, z + 1)) out[i] = 1;
      }
    }
  }
  return out;
}

/** Distances (mm) at the marked voxels, from squared distances. */
function pick(squared: Float64Array, where: Uint8Array): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < where.length; i++) if (where[i]) out.push(Math.sqrt(squared[i]));
  return Float64Array.from(out);
}

/** numpy.percentile with linear interpolation. */
export function percentile(values: Float64Array, q: number): number {
  const s = Float64Array.from(values).sort();
  const pos = ((s.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
