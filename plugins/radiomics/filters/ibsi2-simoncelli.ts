/**
 * IBSI 2 Simoncelli wavelet (non-separable, isotropic), applied in the Fourier domain over the whole image with
 * periodic borders, as the IBSI 2 reference implementation does: on a grid the image's size, each axis' frequency is
 * normalised to [−1, 1] about the centre, and the band-pass response for level ℓ (maximum frequency f = 2^(1−ℓ)) is
 * cos(π/2 · log2(2d/f)) for f/4 ≤ d ≤ f, d the normalised distance; the response map is the real part of the
 * filtered image. In plane, each axial slice is filtered in 2D.
 */
import type { Vec3 } from '../../../core/image/image.js';
import { fftAxis } from '../../../core/image/fft.js';

/** The filter's value at each FFT index of a grid (ifftshift of the centred definition). */
function transferFunction(shape: number[], level: number): Float64Array {
  const fMax = 1 / 2 ** (level - 1);
  // Squared normalised frequency per axis and FFT index: index j holds centred position (j + ⌊n/2⌋) mod n.
  const u2 = shape.map((n) => Float64Array.from({ length: n }, (_, j) => {
    const c = (n - 1) / 2;
    const u = n === 1 ? 0 : (((j + Math.floor(n / 2)) % n) - c) / c;
    return u * u;
  }));
  const total = shape.reduce((a, b) => a * b, 1);
  const h = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    let r = i, d2 = 0;
    for (let a = 0; a < shape.length; a++) { d2 += u2[a][r % shape[a]]; r = Math.floor(r / shape[a]); }
    const d = Math.sqrt(d2);
    if (d >= fMax / 4 && d <= fMax) h[i] = Math.cos((Math.PI / 2) * Math.log2((2 * d) / fMax));
  }
  return h;
}

/** Band-pass filters `data` (x fastest, `size`) with the transfer function `h` over the given axes. */
function filterInFourier(data: Float64Array, size: Vec3, axes: number[], h: Float64Array): Float64Array {
  const re = Float64Array.from(data), im = new Float64Array(data.length);
  for (const a of axes) fftAxis(re, im, size, a, false);
  for (let i = 0; i < re.length; i++) { re[i] *= h[i]; im[i] *= h[i]; }
  for (const a of axes) fftAxis(re, im, size, a, true);
  return re;
}

export function simoncelliFilter(data: Float64Array, size: Vec3, level: number, opts: { inPlane?: boolean } = {}): Float64Array {
  if (!opts.inPlane) return filterInFourier(data, size, [0, 1, 2], transferFunction([...size], level));
  // Slice by slice: the same 2D transfer function for every slice.
  const [sx, sy, sz] = size;
  const h2 = transferFunction([sx, sy], level);
  const out = new Float64Array(data.length);
  for (let z = 0; z < sz; z++) {
    const slice = data.subarray(z * sx * sy, (z + 1) * sx * sy);
    out.set(filterInFourier(Float64Array.from(slice), [sx, sy, 1], [0, 1], h2), z * sx * sy);
  }
  return out;
}
