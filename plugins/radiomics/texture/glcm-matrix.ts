/**
 * Grey-level co-occurrence matrices: one counts matrix per direction, over the whole box or one slice.
 */
import { glcmCounts } from './kernels.js';
import { reachOf, withReach, type PreparedRegion } from './region.js';
import type { Offset } from './types.js';

/**
 * Adds co-occurrence counts of `offsets` into `out[a]` (Ngp×Ngp, row = centre level, column = neighbour level) for
 * centre voxels with z in [z0, z1). Asymmetric: the caller symmetrises. One pass over the ROI voxels for all
 * directions (kernels.ts); counts are integers, so the order does not matter.
 */
export function accumulateGlcm(region: PreparedRegion, offsets: Offset[], out: Float64Array[], z0 = 0, z1 = region.sz): void {
  const r = withReach(region, reachOf(offsets));
  const ng2 = r.grayLevels.length ** 2;
  const steps = Int32Array.from(offsets, ([dx, dy, dz]) => dx + dy * r.px + dz * r.pxy);
  const counts = glcmCounts(r, steps, r.sliceStart[z0], r.sliceStart[z1]);
  for (let a = 0; a < offsets.length; a++) {
    const m = out[a];
    for (let c = 0, k = a * ng2; c < ng2; c++, k++) m[c] += counts[k];
  }
}

/** m + mᵀ in place (PyRadiomics symmetricalGLCM, IBSI's symmetric GLCM). */
export function symmetrise(m: Float64Array, ng: number): void {
  for (let i = 0; i < ng; i++) {
    for (let j = i; j < ng; j++) {
      const s = m[i * ng + j] + m[j * ng + i];
      m[i * ng + j] = s;
      m[j * ng + i] = s;
    }
  }
}

export function sumOf(m: Float64Array): number {
  let s = 0;
  for (let i = 0; i < m.length; i++) s += m[i];
  return s;
}
