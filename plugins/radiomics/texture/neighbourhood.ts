/**
 * Per-voxel neighbourhood sums for NGTDM and GLDM/NGLDM: one pass over the ROI voxels of slices [z0, z1), looking at
 * `offsets` (both members of each ± pair) that land in the ROI.
 */
import { dependenceCountsOf } from './kernels.js';
import { reachOf, withReach, type PreparedRegion } from './region.js';
import type { Offset } from './types.js';

/** The region padded for `offsets`, and their index steps in its q. */
function stepped(region: PreparedRegion, offsets: Offset[]): { r: PreparedRegion; steps: Int32Array } {
  const r = withReach(region, reachOf(offsets));
  return { r, steps: Int32Array.from(offsets, ([dx, dy, dz]) => dx + dy * r.px + dz * r.pxy) };
}

export interface NgtdmCounts {
  /** n_i: voxels of grey level i (with at least one ROI neighbour unless `countIsolated`). */
  n: Float64Array;
  /** s_i: Σ |i − mean grey level of the ROI neighbours|. */
  s: Float64Array;
}

/**
 * NGTDM sums. A voxel without ROI neighbours adds |i − 0|·0 = 0 to s_i; `countIsolated` says whether it still counts in
 * n_i (PyRadiomics' C code counts it) or not (IBSI: only voxels with a valid neighbourhood).
 */
export function ngtdmCounts(region: PreparedRegion, offsets: Offset[], z0: number, z1: number, countIsolated: boolean): NgtdmCounts {
  const { r, steps } = stepped(region, offsets);
  const { q, roi } = r;
  const ng = r.grayLevels.length;
  const lv = r.grayLevels;
  const n = new Float64Array(ng), s = new Float64Array(ng);
  for (let t = r.sliceStart[z0], end = r.sliceStart[z1]; t < end; t++) {
    const i = roi[t], gi = q[i];
    let sum = 0, k = 0;
    for (let a = 0; a < steps.length; a++) {
      const gj = q[i + steps[a]];
      if (gj >= 0) { sum += lv[gj]; k++; }
    }
    if (k === 0) {
      if (countIsolated) n[gi]++;
      continue;
    }
    n[gi]++;
    s[gi] += Math.abs(lv[gi] - sum / k);
  }
  return { n, s };
}

/**
 * Dependence counts: row = grey level, column = 1 + number of ROI neighbours whose grey level differs by ≤ alpha
 * (IBSI NGLDM with coarseness alpha; PyRadiomics GLDM with gldm_a). Matrix ng × (offsets + 1).
 */
export function dependenceCounts(region: PreparedRegion, offsets: Offset[], alpha: number, z0: number, z1: number): Float64Array {
  const { r, steps } = stepped(region, offsets);
  const ng = r.grayLevels.length;
  const lv = r.grayLevels;
  // Levels ascend, so the levels within alpha of level index g form an index range [lo[g], hi[g]] (empty when alpha < 0).
  const within = (g: number, j: number) => Math.abs(lv[g] - lv[j]) <= alpha;
  const lo = new Int32Array(ng), hi = new Int32Array(ng).fill(-1);
  for (let g = 0; g < ng; g++) {
    if (!within(g, g)) continue;
    let a = g, b = g;
    while (a > 0 && within(g, a - 1)) a--;
    while (b + 1 < ng && within(g, b + 1)) b++;
    lo[g] = a;
    hi[g] = b;
  }
  return Float64Array.from(dependenceCountsOf(r, steps, lo, hi, r.sliceStart[z0], r.sliceStart[z1]));
}
