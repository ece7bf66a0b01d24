import { describe, expect, it } from 'vitest';
import { fftAxis, LineFft } from '../../../core/image/fft.js';
import { Prng } from '../../../core/random.js';

function naiveDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n), outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      outRe[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      outIm[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
  }
  return [outRe, outIm];
}

describe('LineFft', () => {
  const rng = new Prng(3);
  for (const n of [1, 2, 3, 5, 8, 12, 17, 64, 100, 199]) {
    it(`equals the direct DFT for length ${n} (Bluestein for non-powers of two) and inverts it`, () => {
      const re = Float64Array.from({ length: n }, () => rng.normal());
      const im = Float64Array.from({ length: n }, () => rng.normal());
      const [er, ei] = naiveDft(re, im);
      const fr = re.slice(), fi = im.slice();
      const fft = new LineFft(n);
      fft.transform(fr, fi, false);
      for (let k = 0; k < n; k++) { expect(fr[k]).toBeCloseTo(er[k], 9); expect(fi[k]).toBeCloseTo(ei[k], 9); }
      fft.transform(fr, fi, true);
      for (let k = 0; k < n; k++) { expect(fr[k]).toBeCloseTo(re[k], 12); expect(fi[k]).toBeCloseTo(im[k], 12); }
    });
  }

  it('transforms the lines along each axis of a volume', () => {
    const size: [number, number, number] = [3, 5, 2];
    const re = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i)), im = new Float64Array(30);
    fftAxis(re, im, size, 1, false);
    // Line along y at x = 2, z = 1.
    const line = Float64Array.from({ length: 5 }, (_, y) => Math.sin(2 + 3 * y + 15));
    const [er, ei] = naiveDft(line, new Float64Array(5));
    for (let y = 0; y < 5; y++) { expect(re[2 + 3 * y + 15]).toBeCloseTo(er[y], 12); expect(im[2 + 3 * y + 15]).toBeCloseTo(ei[y], 12); }
  });
});
