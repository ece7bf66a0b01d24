/**
 * Local binary patterns per slice, as PyRadiomics' LBP2D image type computes them with scikit-image's
 * local_binary_pattern: P samples on a circle of radius R voxels, bilinear interpolation with 0 outside the slice,
 * a sample ≥ the centre sets its bit; methods `default` (the P-bit code), `ror` (smallest rotation of it) and
 * `uniform` (number of set bits when the circular pattern has at most two 0/1 changes, else P + 1). Slices are taken
 * across `force2Ddimension` (0 = z, as PyRadiomics' numpy axis 0).
 */
import type { Vec3 } from '../../../core/image/image.js';

export type LbpMethod = 'default' | 'ror' | 'uniform';
export const LBP_METHODS: readonly LbpMethod[] = ['default', 'ror', 'uniform'];

/** numpy.round(x, decimals): scale, round half to even, unscale. */
function npRound(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  const y = x * scale;
  let r = Math.round(y);
  if (r - y === 0.5 && r % 2 !== 0) r -= 1; // Math.round takes halves up; rint takes them to even
  return r / scale;
}

/** Sample offsets (row, column), as scikit-image rounds them (R is a C float there). */
function circle(samples: number, radius: number): Array<[number, number]> {
  const r = Math.fround(radius);
  return Array.from({ length: samples }, (_, i) => {
    const angle = (2 * Math.PI * i) / samples;
    return [npRound(-r * Math.sin(angle), 5), npRound(r * Math.cos(angle), 5)];
  });
}

/** Smallest value among the cyclic rotations of a `bits`-bit pattern. */
function smallestRotation(code: number, bits: number): number {
  let best = code;
  for (let i = 1; i < bits; i++) {
    code = (code >> 1) | ((code & 1) << (bits - 1));
    if (code < best) best = code;
  }
  return best;
}

/** LBP codes of one slice (rows × cols, row-major, read through `at`). */
function lbpSlice(
  rows: number, cols: number, at: (r: number, c: number) => number, write: (r: number, c: number, v: number) => void,
  offsets: Array<[number, number]>, method: LbpMethod,
): void {
  const P = offsets.length;
  const pixel = (r: number, c: number) => (r < 0 || r >= rows || c < 0 || c >= cols ? 0 : at(r, c));
  const bits = new Uint8Array(P);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const centre = at(r, c);
      for (let i = 0; i < P; i++) {
        // scikit-image's bilinear_interpolation, operation for operation (ties with the centre must fall alike).
        const y = r + offsets[i][0], x = c + offsets[i][1];
        const r0 = Math.floor(y), c0 = Math.floor(x), r1 = Math.ceil(y), c1 = Math.ceil(x);
        const dr = y - r0, dc = x - c0;
        const top = (1 - dc) * pixel(r0, c0) + dc * pixel(r0, c1);
        const bottom = (1 - dc) * pixel(r1, c0) + dc * pixel(r1, c1);
        bits[i] = (1 - dr) * top + dr * bottom - centre >= 0 ? 1 : 0;
      }
      let code = 0;
      if (method === 'uniform') {
        let changes = 0;
        for (let i = 0; i < P - 1; i++) changes += bits[i] !== bits[i + 1] ? 1 : 0;
        if (changes <= 2) for (let i = 0; i < P; i++) code += bits[i];
        else code = P + 1;
      } else {
        for (let i = 0; i < P; i++) code += bits[i] << i;
        if (method === 'ror') code = smallestRotation(code, P);
      }
      write(r, c, code);
    }
  }
}

/**
 * LBP image of an x-fastest volume, slice by slice across `axis` (0 = z, 1 = y, 2 = x: PyRadiomics' numpy axes).
 * A slice's rows and columns are the two remaining axes in numpy order, as numpy.swapaxes leaves them.
 */
export function lbp2D(data: Float64Array, size: Vec3, opts: { radius: number; samples: number; method: LbpMethod; axis: number }): Float64Array {
  const [sx, sy, sz] = size;
  const out = new Float64Array(data.length);
  const offsets = circle(opts.samples, opts.radius);
  const idx = (x: number, y: number, z: number) => x + sx * (y + sy * z);
  // For each slice: (rows, cols) and the voxel at (slice, row, col).
  const layout: { n: number; rows: number; cols: number; voxel: (s: number, r: number, c: number) => number } =
    opts.axis === 0 ? { n: sz, rows: sy, cols: sx, voxel: (s, r, c) => idx(c, r, s) }
    : opts.axis === 1 ? { n: sy, rows: sz, cols: sx, voxel: (s, r, c) => idx(c, s, r) }
    : { n: sx, rows: sy, cols: sz, voxel: (s, r, c) => idx(s, r, c) };
  for (let s = 0; s < layout.n; s++) {
    lbpSlice(layout.rows, layout.cols, (r, c) => data[layout.voxel(s, r, c)], (r, c, v) => (out[layout.voxel(s, r, c)] = v), offsets, opts.method);
  }
  return out;
}

/** Voxels the pattern reads beyond its centre, per side: the crop keeps the ROI's codes exact when padding ≥ this. */
export function lbpReach(radius: number): number {
  return Math.ceil(Math.fround(radius));
}
