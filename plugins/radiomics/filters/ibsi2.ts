/**
 * IBSI 2 filter definitions where they differ from PyRadiomics': the mean filter and the Laplacian of
 * Gaussian as sampled, truncated separable kernels (scipy.ndimage conventions: Gaussian weights
 * normalised to sum 1, second derivative (x²/σ⁴ − 1/σ²)·G, radius ⌊truncate·σ + ½⌋ voxels), with
 * symmetric ("reflect") borders. `inPlane` filters each slice in 2D.
 */
import type { Vec3 } from '../../../core/image/image.js';

export interface Ibsi2FilterOptions {
  /** Filter each axial slice separately (IBSI 2 "2D" configurations). @default false */
  inPlane?: boolean;
  /** Kernel half-width in σ. @default 4 */
  truncate?: number;
}

/** scipy's 'reflect': d c b a | a b c d | d c b a. */
export function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const p = 2 * n;
  let k = ((i % p) + p) % p;
  if (k >= n) k = p - 1 - k;
  return k;
}

/** Correlates every line along `axis` with the odd-length kernel `k` (scipy.ndimage.correlate1d, mode "reflect"). */
export function convolveAxis(src: Float64Array, size: Vec3, axis: number, k: Float64Array): Float64Array {
  const [sx, sy] = size;
  const n = size[axis];
  const stride = axis === 0 ? 1 : axis === 1 ? sx : sx * sy;
  const r = (k.length - 1) >> 1;
  const out = new Float64Array(src.length);
  const line = new Float64Array(n + 2 * r);
  const lines = src.length / n;
  for (let l = 0; l < lines; l++) {
    const start = axis === 0 ? l * sx : axis === 1 ? (l % sx) + Math.floor(l / sx) * sx * sy : l;
    for (let i = -r; i < n + r; i++) line[i + r] = src[start + reflect(i, n) * stride];
    for (let i = 0; i < n; i++) {
      let s = 0;
      // Correlation with a symmetric kernel equals convolution.
      for (let j = 0; j < k.length; j++) s += k[j] * line[i + j];
      out[start + i * stride] = s;
    }
  }
  return out;
}

function gaussianKernel(sigma: number, order: 0 | 2, truncate: number): Float64Array {
  const r = Math.floor(truncate * sigma + 0.5);
  const k = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let x = -r; x <= r; x++) { k[x + r] = Math.exp(-0.5 * (x * x) / (sigma * sigma)); sum += k[x + r]; }
  for (let x = -r; x <= r; x++) {
    k[x + r] /= sum;
    if (order === 2) k[x + r] *= (x * x) / sigma ** 4 - 1 / (sigma * sigma);
  }
  return k;
}

/** Mean over a cube (or square, in plane) of `support` voxels per side. */
export function meanFilter(data: Float64Array, size: Vec3, support: number, opts: Ibsi2FilterOptions = {}): Float64Array {
  const k = new Float64Array(support).fill(1 / support);
  let out = data;
  for (let a = 0; a < (opts.inPlane ? 2 : 3); a++) out = convolveAxis(out, size, a, k);
  return out;
}

/** Laplacian of Gaussian with σ in mm (no scale normalisation; derivatives per voxel², see below). */
export function ibsiLaplacianOfGaussian(data: Float64Array, size: Vec3, spacing: Vec3, sigmaMm: number, opts: Ibsi2FilterOptions = {}): Float64Array {
  const truncate = opts.truncate ?? 4;
  const axes = opts.inPlane ? [0, 1] : [0, 1, 2];
  const out = new Float64Array(data.length);
  for (const a of axes) {
    let t = data;
    for (const b of axes) t = convolveAxis(t, size, b, gaussianKernel(sigmaMm / spacing[b], b === a ? 2 : 0, truncate));
    // Second derivatives per voxel², as scipy.ndimage.gaussian_laplace (and so the IBSI 2 reference
    // values) compute them: on 0.98 mm voxels this is 4.8 % above the per-mm² response.
    for (let i = 0; i < out.length; i++) out[i] += t[i];
  }
  return out;
}
