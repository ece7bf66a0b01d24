/**
 * Per-voxel neighbourhood sums for NGTDM and GLDM/NGLDM: one pass over the centre voxels of slices [z0, z1), looking at
 * `offsets` (both members of each ± pair) that stay inside the box and the ROI.
 */
import type { PreparedRegion } from './region.js';
import type { Offset } from './types.js';

function forEachCentre(
  r: PreparedRegion, offsets: Offset[], z0: number, z1: number,
  visit: (gi: number, neighbours: Int32Array, n: number) => void,
): void {
  const { q, sx, sy, sz } = r;
  const sxy = sx * sy;
  const steps = offsets.map(([dx, dy, dz]) => dx + dy * sx + dz * sxy);
  const reach = offsets.reduce((m, [dx, dy, dz]) => Math.max(m, Math.abs(dx), Math.abs(dy), Math.abs(dz)), 0);
  const reachZ = offsets.reduce((m, o) => Math.max(m, Math.abs(o[2])), 0);
  const buf = new Int32Array(offsets.length);
  for (let z = z0; z < z1; z++) {
    const zInside = z >= reachZ && z < sz - reachZ;
    for (let y = 0; y < sy; y++) {
      const yzInside = zInside && y >= reach && y < sy - reach;
      for (let x = 0, i = y * sx + z * sxy; x < sx; x++, i++) {
        const gi = q[i];
        if (gi < 0) continue;
        let n = 0;
        if (yzInside && x >= reach && x < sx - reach) {
          // Interior voxel: every neighbour is inside the box, no bounds test.
          for (let a = 0; a < steps.length; a++) {
            const gj = q[i + steps[a]];
            if (gj >= 0) buf[n++] = gj;
          }
        } else {
          for (let a = 0; a < offsets.length; a++) {
            const o = offsets[a];
            const nx = x + o[0], ny = y + o[1], nz = z + o[2];
            if (nx < 0 || nx >= sx || ny < 0 || ny >= sy || nz < 0 || nz >= sz) continue;
            const gj = q[i + steps[a]];
            if (gj >= 0) buf[n++] = gj;
          }
        }
        visit(gi, buf, n);
      }
    }
  }
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
export function ngtdmCounts(r: PreparedRegion, offsets: Offset[], z0: number, z1: number, countIsolated: boolean): NgtdmCounts {
  const ng = r.grayLevels.length;
  const lv = r.grayLevels;
  const n = new Float64Array(ng), s = new Float64Array(ng);
  forEachCentre(r, offsets, z0, z1, (gi, nb, k) => {
    if (k === 0) {
      if (countIsolated) n[gi]++;
      return;
    }
    let sum = 0;
    for (let a = 0; a < k; a++) sum += lv[nb[a]];
    n[gi]++;
    s[gi] += Math.abs(lv[gi] - sum / k);
  });
  return { n, s };
}

/**
 * Dependence counts: row = grey level, column = 1 + number of ROI neighbours whose grey level differs by ≤ alpha
 * (IBSI NGLDM with coarseness alpha; PyRadiomics GLDM with gldm_a). Matrix ng × (offsets + 1).
 */
export function dependenceCounts(r: PreparedRegion, offsets: Offset[], alpha: number, z0: number, z1: number): Float64Array {
  const ng = r.grayLevels.length;
  const nj = offsets.length + 1;
  const lv = r.grayLevels;
  const m = new Float64Array(ng * nj);
  forEachCentre(r, offsets, z0, z1, (gi, nb, k) => {
    let dep = 0;
    for (let a = 0; a < k; a++) if (Math.abs(lv[gi] - lv[nb[a]]) <= alpha) dep++;
    m[gi * nj + dep]++;
  });
  return m;
}
