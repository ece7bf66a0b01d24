/** Small hand-written regions for the texture unit tests. */
import type { DiscretisedRegion } from '../../../../../plugins/radiomics/texture/types.js';

/** A single-slice region from rows of grey levels (row = y, column = x); 0 means outside the mask. */
export function slice2d(rows: number[][], nLevels?: number): DiscretisedRegion {
  const sy = rows.length, sx = rows[0].length;
  const levels = new Int32Array(sx * sy), mask = new Uint8Array(sx * sy);
  rows.forEach((row, y) => row.forEach((v, x) => { levels[x + y * sx] = v; mask[x + y * sx] = v > 0 ? 1 : 0; }));
  return { levels, mask, size: [sx, sy, 1], nLevels: nLevels ?? Math.max(...rows.flat()) };
}

/** A box of the given size filled with one grey level, all inside the mask. */
export function flatBox(size: [number, number, number], level: number): DiscretisedRegion {
  const n = size[0] * size[1] * size[2];
  return { levels: new Uint16Array(n).fill(level), mask: new Uint8Array(n).fill(1), size, nLevels: level };
}

/** Matrix row i as an array, from an ng×nj row-major matrix. */
export function rowsOf(m: Float64Array, ng: number, nj: number): number[][] {
  return Array.from({ length: ng }, (_, i) => Array.from(m.subarray(i * nj, (i + 1) * nj)));
}
