/**
 * Grey-level co-occurrence matrices: one counts matrix per direction, over the whole box or one slice.
 */
import type { PreparedRegion } from './region.js';
import type { Offset } from './types.js';

/**
 * Adds co-occurrence counts of `offsets` into `out[a]` (Ngp×Ngp, row = centre level, column = neighbour level) for
 * centre voxels with z in [z0, z1). Asymmetric: the caller symmetrises. One pass over the box visits each ROI voxel
 * once for all directions (most box voxels lie outside the ROI); counts are integers, so the order does not matter.
 */
export function accumulateGlcm(r: PreparedRegion, offsets: Offset[], out: Float64Array[], z0 = 0, z1 = r.sz): void {
  const { q, sx, sy, sz } = r;
  const ng = r.grayLevels.length;
  const sxy = sx * sy;
  const nd = offsets.length;
  const steps = Int32Array.from(offsets, ([dx, dy, dz]) => dx + dy * sx + dz * sxy);
  const reach = offsets.reduce((m, [dx, dy, dz]) => Math.max(m, Math.abs(dx), Math.abs(dy), Math.abs(dz)), 0);
  for (let z = z0; z < z1; z++) {
    const zInside = z >= reach && z < sz - reach;
    for (let y = 0; y < sy; y++) {
      const yzInside = zInside && y >= reach && y < sy - reach;
      for (let x = 0, i = y * sx + z * sxy; x < sx; x++, i++) {
        const gi = q[i];
        if (gi < 0) continue;
        const row = gi * ng;
        if (yzInside && x >= reach && x < sx - reach) {
          // Interior voxel: every neighbour is inside the box, no bounds test.
          for (let a = 0; a < nd; a++) {
            const gj = q[i + steps[a]];
            if (gj >= 0) out[a][row + gj]++;
          }
          continue;
        }
        for (let a = 0; a < nd; a++) {
          const [dx, dy, dz] = offsets[a];
          const nx = x + dx, ny = y + dy, nz = z + dz;
          if (nx < 0 || nx >= sx || ny < 0 || ny >= sy || nz < 0 || nz >= sz) continue;
          const gj = q[i + steps[a]];
          if (gj >= 0) out[a][row + gj]++;
        }
      }
    }
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
