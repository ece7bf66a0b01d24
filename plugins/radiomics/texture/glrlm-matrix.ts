/**
 * Grey-level run-length matrices, one per direction: each line of the box along the direction is walked once.
 */
import type { PreparedRegion } from './region.js';
import type { Offset } from './types.js';

/** Steps left along one axis from coordinate c (inclusive) before leaving [lo, hi); Infinity when the axis is fixed. */
function stepsLeft(c: number, d: number, lo: number, hi: number): number {
  return d > 0 ? hi - c : d < 0 ? c - lo + 1 : Infinity;
}

/**
 * Counts runs (ng×nr, row = grey level, column = run length - 1) per offset, within slices [z0, z1) (a 2D call passes
 * one slice and in-plane offsets). A direction in which no line holds more than one ROI voxel is zeroed, as in
 * PyRadiomics (e.g. the through-plane direction of a single-slice ROI).
 */
export function computeRunMatrices(r: PreparedRegion, offsets: Offset[], nr: number, z0 = 0, z1 = r.sz): Float64Array[] {
  return offsets.map((o) => runMatrix(r, o, nr, z0, z1));
}

function runMatrix(r: PreparedRegion, [dx, dy, dz]: Offset, nr: number, z0: number, z1: number): Float64Array {
  const { q, sx, sy } = r;
  const m = new Float64Array(r.grayLevels.length * nr);
  const sxy = sx * sy;
  const step = dx + dy * sx + dz * sxy;
  let multiElement = false;
  // A voxel starts a line when its predecessor (x−dx, y−dy, z−dz) is outside the box. The y and z parts of that test
  // are constant along a row, so only the row's first or last x can start a line otherwise: no per-voxel bounds test.
  const xStart = dx > 0 ? 0 : sx - 1;
  for (let z = z0; z < z1; z++) {
    const zStarts = z - dz < z0 || z - dz >= z1;
    const nz = stepsLeft(z, dz, z0, z1);
    for (let y = 0; y < sy; y++) {
      const rowStarts = zStarts || y - dy < 0 || y - dy >= sy;
      if (!rowStarts && dx === 0) continue;
      const ny = Math.min(nz, stepsLeft(y, dy, 0, sy));
      const xa = rowStarts ? 0 : xStart, xb = rowStarts ? sx : xStart + 1;
      for (let x = xa; x < xb; x++) {
        const len = Math.min(ny, stepsLeft(x, dx, 0, sx));
        if (walkLine(q, x + y * sx + z * sxy, step, len, m, nr) > 1) multiElement = true;
      }
    }
  }
  if (!multiElement) m.fill(0);
  return m;
}

/** Adds the runs of one line (n voxels from i0 by `step`) to m; returns how many ROI voxels the line holds. */
function walkLine(q: Int32Array, i0: number, step: number, n: number, m: Float64Array, nr: number): number {
  let gl = -1, len = 0, elements = 0;
  for (let k = 0, i = i0; k < n; k++, i += step) {
    const g = q[i];
    if (g === gl) { len++; continue; }
    if (gl >= 0) { m[gl * nr + len - 1]++; elements += len; }
    gl = g;
    len = 1;
  }
  if (gl >= 0) { m[gl * nr + len - 1]++; elements += len; }
  return elements;
}
