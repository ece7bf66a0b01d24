/**
 * Moran's I and Geary's C (IBSI N365, NPT7) with inverse-distance weights over every pair of ROI
 * voxels, exactly, in O(N log N): every double sum over pairs is a sum over offsets of a weight times an
 * autocorrelation, and the autocorrelations come from zero-padded 3D FFTs.
 *   Σ_{a≠b} w_ab            = Σ_{o≠0} w(o) · (m ⋆ m)(o)
 *   Σ_{a≠b} w_ab u_a u_b     = Σ_{o≠0} w(o) · (u ⋆ u)(o)            u = m·(x − μ)
 *   Σ_{a≠b} w_ab (x_a − x_b)² = Σ_{o≠0} w(o) · 2[(q ⋆ m)(o) − (u ⋆ u)(o)]   q = u²  (w is even in o)
 */
import { nextPow2, radix2, twiddles } from '../../../core/image/fft.js';
import type { Vec3 } from '../../../core/image/image.js';

/**
 * 3D FFT, axis by axis. `support` (forward transforms of zero-padded data) is the size of the non-zero
 * corner: lines that are still all zero are skipped (pruned FFT), about 40 % less work.
 */
function fft3d(re: Float64Array, im: Float64Array, p: Vec3, inverse: boolean, support: Vec3 = p): void {
  const strides = [1, p[0], p[0] * p[1]];
  for (let axis = 0; axis < 3; axis++) {
    const n = p[axis];
    if (n === 1) continue;
    const { cos, sin } = twiddles(n);
    const lr = new Float64Array(n), li = new Float64Array(n);
    const stride = strides[axis];
    const total = re.length / n;
    for (let l = 0; l < total; l++) {
      // Line l: its starting index with the axis coordinate 0.
      const start = axis === 0 ? l * p[0] : axis === 1 ? (l % p[0]) + Math.floor(l / p[0]) * p[0] * p[1] : l;
      // Axes not yet transformed keep zeros beyond the support.
      const y = Math.floor(start / p[0]) % p[1], z = Math.floor(start / (p[0] * p[1]));
      if (axis === 0 && (y >= support[1] || z >= support[2])) continue;
      if (axis === 1 && z >= support[2]) continue;
      for (let i = 0; i < n; i++) { lr[i] = re[start + i * stride]; li[i] = im[start + i * stride]; }
      radix2(lr, li, inverse, cos, sin);
      for (let i = 0; i < n; i++) { re[start + i * stride] = lr[i]; im[start + i * stride] = li[i]; }
    }
  }
}

/** Moran's I and Geary's C of intensities `x` over the 0/1 `mask` (x fastest), voxel spacing in mm. */
export function spatialAutocorrelation(mask: Uint8Array, x: Float64Array, size: Vec3, spacing: Vec3): { moran: number; geary: number } {
  const [sx, sy, sz] = size;
  const lo: Vec3 = [sx, sy, sz], hi: Vec3 = [-1, -1, -1];
  let n = 0, sum = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const c = [i % sx, Math.floor(i / sx) % sy, Math.floor(i / (sx * sy))];
    for (let a = 0; a < 3; a++) { if (c[a] < lo[a]) lo[a] = c[a]; if (c[a] > hi[a]) hi[a] = c[a]; }
    n++;
    sum += x[i];
  }
  if (n < 2) return { moran: NaN, geary: NaN };
  const mean = sum / n;
  const box = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const p: Vec3 = [nextPow2(2 * box[0] - 1), nextPow2(2 * box[1] - 1), nextPow2(2 * box[2] - 1)];
  const N = p[0] * p[1] * p[2];
  // m and u are real: one complex transform of m + i·u gives both spectra.
  const zRe = new Float64Array(N), zIm = new Float64Array(N);
  const qRe = new Float64Array(N), qIm = new Float64Array(N);
  let ss = 0;
  for (let z = 0; z < box[2]; z++) for (let y = 0; y < box[1]; y++) for (let xx = 0; xx < box[0]; xx++) {
    const i = xx + lo[0] + (y + lo[1]) * sx + (z + lo[2]) * sx * sy;
    if (!mask[i]) continue;
    const j = xx + y * p[0] + z * p[0] * p[1];
    const u = x[i] - mean;
    zRe[j] = 1; zIm[j] = u; qRe[j] = u * u;
    ss += u * u;
  }
  if (ss === 0) return { moran: NaN, geary: NaN };
  const support: Vec3 = [box[0], box[1], box[2]];
  fft3d(zRe, zIm, p, false, support);
  fft3d(qRe, qIm, p, false, support);
  // Z[k] = M[k] + i·U[k] with M, U Hermitian: M = (Z[k] + conj Z[−k]) / 2, U = (Z[k] − conj Z[−k]) / 2i.
  // The correlations' spectra |M|², |U|² are real; pack them as |M|² + i·|U|² so one inverse transform
  // returns both (as real and imaginary parts). Q̄·M is transformed on its own; its inverse is real.
  const neg = (k: number): number => {
    const x = k % p[0], y = Math.floor(k / p[0]) % p[1], z = Math.floor(k / (p[0] * p[1]));
    return ((p[0] - x) % p[0]) + ((p[1] - y) % p[1]) * p[0] + ((p[2] - z) % p[2]) * p[0] * p[1];
  };
  const mmRe = new Float64Array(N), mmIm = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    const j = neg(k);
    const mr = (zRe[k] + zRe[j]) / 2, mi = (zIm[k] - zIm[j]) / 2;
    const ur = (zIm[k] + zIm[j]) / 2, ui = -(zRe[k] - zRe[j]) / 2;
    const qr = qRe[k] * mr + qIm[k] * mi;
    const qi = qRe[k] * mi - qIm[k] * mr;
    mmRe[k] = mr * mr + mi * mi;
    mmIm[k] = ur * ur + ui * ui;
    qRe[k] = qr; qIm[k] = qi;
  }
  fft3d(mmRe, mmIm, p, true);
  fft3d(qRe, qIm, p, true);
  const mRe = mmRe, uRe = mmIm;
  let W = 0, moranNum = 0, gearyNum = 0;
  for (let z = 0; z < p[2]; z++) {
    const oz = (z < p[2] / 2 ? z : z - p[2]) * spacing[2];
    for (let y = 0; y < p[1]; y++) {
      const oy = (y < p[1] / 2 ? y : y - p[1]) * spacing[1];
      for (let xx = 0; xx < p[0]; xx++) {
        if (xx === 0 && y === 0 && z === 0) continue;
        const ox = (xx < p[0] / 2 ? xx : xx - p[0]) * spacing[0];
        const k = xx + y * p[0] + z * p[0] * p[1];
        const pairs = mRe[k] / N;
        // Offsets with no pair carry only FFT rounding noise.
        if (pairs < 0.5) continue;
        const w = 1 / Math.sqrt(ox * ox + oy * oy + oz * oz);
        W += w * pairs;
        moranNum += (w * uRe[k]) / N;
        gearyNum += (2 * w * (qRe[k] - uRe[k])) / N;
      }
    }
  }
  return { moran: (n / W) * (moranNum / ss), geary: ((n - 1) * gearyNum) / (2 * W * ss) };
}
