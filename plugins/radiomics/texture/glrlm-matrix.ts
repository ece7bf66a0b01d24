/**
 * Grey-level run-length matrices, one per direction, from one pass over the ROI voxels each.
 */
import { workArray, type PreparedRegion } from './region.js';
import type { Offset } from './types.js';

/**
 * Counts runs (ng×nr, row = grey level, column = run length - 1) per offset over the volume, or within one slice (a 2D
 * call: in-plane offsets only). A direction in which no line holds more than one ROI voxel is zeroed, as in
 * PyRadiomics (e.g. the through-plane direction of a single-slice ROI).
 */
export function computeRunMatrices(r: PreparedRegion, offsets: Offset[], nr: number, slice?: number): Float64Array[] {
  if (slice !== undefined && offsets.some((o) => o[2] !== 0)) throw new RangeError('glrlm: a single slice takes in-plane offsets only.');
  const z0 = slice ?? 0, z1 = slice === undefined ? r.sz : slice + 1;
  const len = workArray('glrlm-len', r.q.length);
  return offsets.map((o) => runMatrix(r, o, nr, z0, z1, len));
}

/**
 * Runs along `o` without branching on the levels (runs are short and unpredictable): walking the ROI voxels in
 * ascending order with a positive step (a direction and its opposite have the same runs), len[i] is the length of the
 * run up to voxel i, and a voxel whose successor differs ends a run. `len` is a work array (any content) as long as q.
 */
function runMatrix(r: PreparedRegion, o: Offset, nr: number, z0: number, z1: number, len: Int32Array): Float64Array {
  const { q, roi } = r;
  const m = new Float64Array(r.grayLevels.length * nr);
  // Offsets reach one voxel, within the padding: a run ends at a voxel of another level, outside the ROI or the box.
  const step = Math.abs(o[0] + o[1] * r.px + o[2] * r.pxy);
  let touching = 0;
  for (let t = r.sliceStart[z0], end = r.sliceStart[z1]; t < end; t++) {
    // (x | −x) >> 31 is −1 for x ≠ 0, else 0: db, da say whether the predecessor, successor differ from g.
    const i = roi[t], g = q[i], before = q[i - step], db = before ^ g, da = q[i + step] ^ g;
    // len[i − step] holds anything (another direction or call) where the predecessor differs; it is multiplied by 0.
    const n = 1 + (1 + ((db | -db) >> 31)) * len[i - step];
    len[i] = n;
    touching |= ~before >>> 31; // predecessor in the ROI
    m[g * nr + n - 1] -= (da | -da) >> 31; // +1 when the successor differs
  }
  // PyRadiomics' zeroed direction: no line holds two ROI voxels (adjacent ones are the common case).
  if (touching === 0 && !lineWithTwo(r, o, z0, z1)) m.fill(0);
  return m;
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
