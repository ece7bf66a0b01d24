/**
 * Grey-level run-length matrices, one per direction: each line of the box along the direction is walked once.
 */
import type { PreparedRegion } from './region.js';
import type { Offset } from './types.js';

/**
 * Counts runs (ng×nr, row = grey level, column = run length - 1) per offset, within slices [z0, z1) (a 2D call passes
 * one slice and in-plane offsets). A direction in which no line holds more than one ROI voxel is zeroed, as in
 * PyRadiomics (e.g. the through-plane direction of a single-slice ROI).
 */
export function computeRunMatrices(r: PreparedRegion, offsets: Offset[], nr: number, z0 = 0, z1 = r.sz): Float64Array[] {
  const { q, sx, sy } = r;
  const ng = r.grayLevels.length;
  const sxy = sx * sy;
  const inBox = (x: number, y: number, z: number) => x >= 0 && x < sx && y >= 0 && y < sy && z >= z0 && z < z1;
  return offsets.map(([dx, dy, dz]) => {
    const m = new Float64Array(ng * nr);
    const step = dx + dy * sx + dz * sxy;
    let multiElement = false;
    for (let z = z0; z < z1; z++) {
      for (let y = 0; y < sy; y++) {
        for (let x = 0; x < sx; x++) {
          if (inBox(x - dx, y - dy, z - dz)) continue; // not the first voxel of a line
          let gl = -1, len = 0, elements = 0;
          for (let cx = x, cy = y, cz = z, i = x + y * sx + z * sxy; inBox(cx, cy, cz); cx += dx, cy += dy, cz += dz, i += step) {
            const g = q[i];
            if (g >= 0) elements++;
            if (g === gl) { len++; continue; }
            if (gl >= 0) m[gl * nr + len - 1]++;
            gl = g;
            len = g >= 0 ? 1 : 0;
          }
          if (gl >= 0) m[gl * nr + len - 1]++;
          if (elements > 1) multiElement = true;
        }
      }
    }
    if (!multiElement) m.fill(0);
    return m;
  });
}
