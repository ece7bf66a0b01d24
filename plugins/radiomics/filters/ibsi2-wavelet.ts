/**
 * IBSI 2 separable wavelets (undecimated, à trous) with pseudo-rotational invariance, as the IBSI 2 reference
 * implementation (MIRP) computes them: even-length filters get a trailing zero (odd, centred kernels); each of the
 * right-angle rotations maps the filter set to another axis assignment with some filters mirrored; level n > 1 first
 * low-passes the image n − 1 times, inserting a zero between taps after each level (à trous); responses of the distinct
 * rotated filter sets are averaged. Convolution as scipy.ndimage.convolve1d with symmetric borders.
 */
import type { Vec3 } from '../../../core/image/image.js';
import { convolveAxis } from './ibsi2.js';
import { rightAngleRotations } from './right-angle-rotations.js';

/** Decomposition filters (PyWavelets' dec_lo, dec_hi). */
const WAVELETS: Record<string, { lo: number[]; hi: number[] }> = {
  db3: {
    lo: [0.03522629188570953, -0.08544127388202666, -0.13501102001025458, 0.45987750211849154, 0.8068915093110925, 0.33267055295008263],
    hi: [-0.33267055295008263, 0.8068915093110925, -0.45987750211849154, -0.13501102001025458, 0.08544127388202666, 0.03522629188570953],
  },
};

export interface SeparableWaveletOptions {
  /** Wavelet family. @default 'db3' */
  family?: string;
  /** Response map, one letter per axis x, y(, z): e.g. 'LLH', or 'HH' in plane. */
  filters: string;
  /** Decomposition level (1 = the filters on the image). @default 1 */
  level?: number;
  /** Filter each axial slice in 2D (x, y). @default false */
  inPlane?: boolean;
}

const oddLength = (k: number[]) => (k.length % 2 === 0 ? [...k, 0] : [...k]);

/**
 * The filter of the next à trous level: a zero between taps. The odd-length padding zero stays in (the IBSI 2
 * reference values follow from this alignment; trimming it first misses filter 7 by a factor ~5 in variance).
 */
function dilate(k: number[]): number[] {
  const out = new Array<number>(2 * k.length - 1).fill(0);
  k.forEach((v, i) => (out[2 * i] = v));
  return out;
}

/** scipy.ndimage.convolve1d along `axis` (true convolution: the correlation with the reversed kernel). */
function convolve(data: Float64Array, size: Vec3, axis: number, k: number[]): Float64Array {
  return convolveAxis(data, size, axis, Float64Array.from(k).reverse());
}

export function separableWavelet(data: Float64Array, size: Vec3, opts: SeparableWaveletOptions): Float64Array {
  const family = opts.family ?? 'db3';
  const w = WAVELETS[family];
  if (!w) throw new RangeError(`unknown wavelet ${family}; use one of ${Object.keys(WAVELETS).join(', ')}`);
  const n: 2 | 3 = opts.inPlane ? 2 : 3;
  const letters = opts.filters.toUpperCase().split('');
  if (letters.length !== n || letters.some((l) => l !== 'L' && l !== 'H')) {
    throw new RangeError(`wavelet response map ${opts.filters} must have ${n} letters L or H (one per axis)`);
  }
  const level = opts.level ?? 1;
  const main = letters.map((l) => oddLength(l === 'L' ? w.lo : w.hi));
  const pre = letters.map(() => oddLength(w.lo));
  // Distinct (pre-filter, filter) sets over the rotations: repeats are dropped, as the reference implementation does.
  const sets = new Map<string, { pre: number[][]; main: number[][] }>();
  for (const rotation of rightAngleRotations(n)) {
    const pick = (fs: number[][]) => rotation.map(([src, mirrored]) => (mirrored ? [...fs[src]].reverse() : fs[src]));
    const set = { pre: pick(pre), main: pick(main) };
    sets.set(JSON.stringify(set), set);
  }
  const sum = new Float64Array(data.length);
  for (let { pre: p, main: m } of sets.values()) {
    let image = data;
    for (let l = 1; l < level; l++) {
      for (let a = n - 1; a >= 0; a--) image = convolve(image, size, a, p[a]);
      p = p.map(dilate);
      m = m.map(dilate);
    }
    for (let a = n - 1; a >= 0; a--) image = convolve(image, size, a, m[a]);
    for (let i = 0; i < sum.length; i++) sum[i] += image[i];
  }
  for (let i = 0; i < sum.length; i++) sum[i] /= sets.size;
  return sum;
}
