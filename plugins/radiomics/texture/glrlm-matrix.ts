/**
 * Grey-level run-length matrices, one per direction, from one pass over the ROI voxels each.
 */
import { runCounts } from './kernels.js';
import type { PreparedRegion } from './region.js';
import type { Offset } from './types.js';

/**
 * Counts runs (ng×nr, row = grey level, column = run length - 1) per offset over the volume, or within one slice (a 2D
 * call: in-plane offsets only). A direction in which no line holds more than one ROI voxel is zeroed, as in
 * PyRadiomics (e.g. the through-plane direction of a single-slice ROI).
 */
export function computeRunMatrices(r: PreparedRegion, offsets: Offset[], nr: number, slice?: number): Float64Array[] {
  if (slice !== undefined && offsets.some((o) => o[2] !== 0)) throw new RangeError('glrlm: a single slice takes in-plane offsets only.');
  const z0 = slice ?? 0, z1 = slice === undefined ? r.sz : slice + 1;
  return offsets.map((o) => runMatrix(r, o, nr, z0, z1));
}

/**
 * Runs along `o` (kernels.ts: a run ends at a voxel whose successor along o has another level, is outside the ROI or
 * outside the box; offsets reach one voxel, within the padding).
 */
function runMatrix(r: PreparedRegion, o: Offset, nr: number, z0: number, z1: number): Float64Array {
  // A direction and its opposite have the same runs: walk with a positive step.
  const step = Math.abs(o[0] + o[1] * r.px + o[2] * r.pxy);
  const { counts, touching } = runCounts(r, step, r.sliceStart[z0], r.sliceStart[z1], nr);
  // PyRadiomics' zeroed direction: no line holds two ROI voxels (adjacent ones are the common case).
  if (!touching && !lineWithTwo(r, o, z0, z1)) return new Float64Array(counts.length);
  return Float64Array.from(counts);
}

/**
 * Whether some line of the box (slices [z0, z1)) along `o` holds two ROI voxels, not necessarily adjacent. Only asked
 * when no two ROI voxels touch along `o`, which is rare, so it may walk each line from every ROI voxel.
 */
function lineWithTwo(r: PreparedRegion, [dx, dy, dz]: Offset, z0: number, z1: number): boolean {
  const { q, roi, pad, px, pxy } = r;
  for (let z = z0; z < z1; z++) {
    for (let t = r.sliceStart[z]; t < r.sliceStart[z + 1]; t++) {
      const rem = roi[t] - (z + pad) * pxy, y = Math.floor(rem / px) - pad, x = rem - (y + pad) * px - pad;
      for (let k = 1, ax = x + dx, ay = y + dy, az = z + dz; ; k++, ax += dx, ay += dy, az += dz) {
        if (ax < 0 || ax >= r.sx || ay < 0 || ay >= r.sy || az < z0 || az >= z1) break;
        if (q[roi[t] + k * (dx + dy * px + dz * pxy)] >= 0) return true;
      }
    }
  }
  return false;
}
