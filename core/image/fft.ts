/**
 * Complex FFTs of any length on Float64 line buffers: iterative radix-2 for powers of two, Bluestein's chirp-z
 * (three power-of-two FFTs) otherwise, and a helper that transforms every line of a volume along one axis.
 * Forward transforms are unnormalised and inverse ones divide by n, as numpy.fft does.
 */
import type { Vec3 } from './image.js';

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/** Twiddle tables for radix2: cos and sin of 2πk/n for k < n/2. */
export function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(n / 2), sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) { cos[k] = Math.cos((2 * Math.PI * k) / n); sin[k] = Math.sin((2 * Math.PI * k) / n); }
  return { cos, sin };
}

/** In-place iterative radix-2 FFT of one line (length a power of 2); the inverse is not divided by n. */
export function radix2(re: Float64Array, im: Float64Array, inverse: boolean, cos: Float64Array, sin: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const step = n / len;
    const half = len >> 1;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step];
        const wi = inverse ? sin[k * step] : -sin[k * step];
        const a = i + k, b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr; im[b] = im[a] - xi;
        re[a] += xr; im[a] += xi;
      }
    }
  }
}

/** FFT of lines of one length n (any n), with the tables built once. */
export class LineFft {
  private readonly m: number;
  private readonly tw: { cos: Float64Array; sin: Float64Array };
  /** Bluestein: the chirp e^{-iπj²/n} and the spectrum of its conjugate, wrapped to length m. */
  private readonly chirpRe?: Float64Array;
  private readonly chirpIm?: Float64Array;
  private readonly kernelRe?: Float64Array;
  private readonly kernelIm?: Float64Array;
  private readonly bufRe: Float64Array;
  private readonly bufIm: Float64Array;

  constructor(readonly n: number) {
    const pow2 = (n & (n - 1)) === 0;
    this.m = pow2 ? n : nextPow2(2 * n - 1);
    this.tw = twiddles(this.m);
    this.bufRe = new Float64Array(this.m);
    this.bufIm = new Float64Array(this.m);
    if (pow2) return;
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const angle = (Math.PI * ((j * j) % (2 * n))) / n; // j² mod 2n keeps the angle exact for large j
      this.chirpRe[j] = Math.cos(angle);
      this.chirpIm[j] = -Math.sin(angle);
    }
    this.kernelRe = new Float64Array(this.m);
    this.kernelIm = new Float64Array(this.m);
    for (let j = 0; j < n; j++) {
      this.kernelRe[j] = this.chirpRe[j];
      this.kernelIm[j] = -this.chirpIm[j];
      if (j > 0) { this.kernelRe[this.m - j] = this.chirpRe[j]; this.kernelIm[this.m - j] = -this.chirpIm[j]; }
    }
    radix2(this.kernelRe, this.kernelIm, false, this.tw.cos, this.tw.sin);
  }

  /** Transforms re + i·im in place (inverse divides by n). */
  transform(re: Float64Array, im: Float64Array, inverse: boolean): void {
    const { n, m } = this;
    if (inverse) for (let i = 0; i < n; i++) im[i] = -im[i]; // ifft(x) = conj(fft(conj(x))) / n
    if (!this.chirpRe) {
      radix2(re, im, false, this.tw.cos, this.tw.sin);
    } else {
      const cr = this.chirpRe, ci = this.chirpIm!, kr = this.kernelRe!, ki = this.kernelIm!, br = this.bufRe, bi = this.bufIm;
      br.fill(0); bi.fill(0);
      for (let j = 0; j < n; j++) { br[j] = re[j] * cr[j] - im[j] * ci[j]; bi[j] = re[j] * ci[j] + im[j] * cr[j]; }
      radix2(br, bi, false, this.tw.cos, this.tw.sin);
      for (let k = 0; k < m; k++) {
        const r = br[k] * kr[k] - bi[k] * ki[k];
        bi[k] = br[k] * ki[k] + bi[k] * kr[k];
        br[k] = r;
      }
      radix2(br, bi, true, this.tw.cos, this.tw.sin);
      for (let k = 0; k < n; k++) {
        const r = br[k] / m, i = bi[k] / m;
        re[k] = r * cr[k] - i * ci[k];
        im[k] = r * ci[k] + i * cr[k];
      }
    }
    if (inverse) for (let i = 0; i < n; i++) { re[i] /= n; im[i] = -im[i] / n; }
  }
}

/** Transforms every line along `axis` of an x-fastest complex volume in place. */
export function fftAxis(re: Float64Array, im: Float64Array, size: Vec3, axis: number, inverse: boolean): void {
  const n = size[axis];
  if (n === 1) return;
  const fft = new LineFft(n);
  const stride = axis === 0 ? 1 : axis === 1 ? size[0] : size[0] * size[1];
  const lr = new Float64Array(n), li = new Float64Array(n);
  for (let l = 0, lines = re.length / n; l < lines; l++) {
    const start = axis === 0 ? l * size[0] : axis === 1 ? (l % size[0]) + Math.floor(l / size[0]) * size[0] * size[1] : l;
    for (let i = 0; i < n; i++) { lr[i] = re[start + i * stride]; li[i] = im[start + i * stride]; }
    fft.transform(lr, li, inverse);
    for (let i = 0; i < n; i++) { re[start + i * stride] = lr[i]; im[start + i * stride] = li[i]; }
  }
}
