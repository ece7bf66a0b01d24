/**
 * Grey-level co-occurrence matrices: one counts matrix per direction, over the whole box or one slice.
 */
import type { PreparedRegion } from './region.js';
import type { Offset } from './types.js';

/**
 * Adds co-occurrence counts of `offsets` into `out[a]` (Ngp×Ngp, row = centre level, column = neighbour level) for
 * centre voxels with z in [z0, z1). Asymmetric: the caller symmetrises.
 */
export function accumulateGlcm(r: PreparedRegion, offsets: Offset[], out: Float64Array[], z0 = 0, z1 = r.sz): void {
  const { q, sx, sy, sz } = r;
  const ng = r.grayLevels.length;
  const sxy = sx * sy;
  for (let a = 0; a < offsets.length; a++) {
    const [dx, dy, dz] = offsets[a];
    const m = out[a];
    const step = dx + dy * sx + dz * sxy;
    // Restrict centre voxels so that the neighbour stays inside the box: no per-voxel bounds test.
    const xa = Math.max(0, -dx), xb = Math.min(sx, sx - dx);
    const ya = Math.max(0, -dy), yb = Math.min(sy, sy - dy);
    const za = Math.max(z0, -dz), zb = Math.min(z1, sz - dz);
    for (let z = za; z < zb; z++) {
      for (let y = ya; y < yb; y++) {
        let i = xa + y * sx + z * sxy;
        for (let x = xa; x < xb; x++, i++) {
          const gi = q[i];
          if (gi < 0) continue;
          const gj = q[i + step];
          if (gj >= 0) m[gi * ng + gj]++;
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
