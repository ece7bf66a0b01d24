import { describe, expect, it } from 'vitest';
import { laplacianOfGaussian } from '../../../plugins/radiomics/filters/log.js';
import { recursiveGaussianPass } from '../../../plugins/radiomics/filters/recursive-gaussian.js';
import { gaussianWorkspace } from '../../../plugins/radiomics/filters/gaussian-kernel.js';
import { waveletCoif1 } from '../../../plugins/radiomics/filters/wavelet.js';
import { gradientMagnitude } from '../../../plugins/radiomics/filters/gradient.js';
import { squareMap, squareRootMap, logarithmMap, exponentialMap } from '../../../plugins/radiomics/filters/intensity-maps.js';

describe('filters', () => {
  it('reproduces pywt.swt(x, "coif1", level=1) along x for x = i² (values printed by PyWavelets)', () => {
    const x = Float64Array.from({ length: 8 }, (_, i) => i * i);
    const bands = waveletCoif1(x, [8, 1, 1], ['LLL', 'HLL']);
    // Along y and z (length 1) the low-pass filter sums to √2 each way: divide it out.
    const lo = [...bands.get('LLL')!].map((v) => v / 2);
    const hi = [...bands.get('HLL')!].map((v) => v / 2);
    const pywtLo = [13.89164397, -2.07695217, 5.65685425, 12.72792206, 22.627417, 36.35730566, 56.81903415, 51.98667382];
    const pywtHi = [4.15390435, 0.41224696, 1.16372191, 1.16372191, 1.16372191, -3.49116574, -26.28033805, 21.71418674];
    lo.forEach((v, i) => expect(v).toBeCloseTo(pywtLo[i], 6));
    hi.forEach((v, i) => expect(v).toBeCloseTo(pywtHi[i], 6));
  });

  it('gives zero LoG response on a constant image and a negative one at the centre of a bright blob', () => {
    const n = 16;
    const flat = new Float64Array(n ** 3).fill(100);
    expect(Math.max(...laplacianOfGaussian(flat, [n, n, n], [1, 1, 1], 2).map(Math.abs))).toBeLessThan(1e-3);
    const blob = new Float64Array(n ** 3);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      blob[x + y * n + z * n * n] = Math.exp(-((x - 8) ** 2 + (y - 8) ** 2 + (z - 8) ** 2) / 8) * 100;
    }
    expect(laplacianOfGaussian(blob, [n, n, n], [1, 1, 1], 2)[8 + 8 * n + 8 * n * n]).toBeLessThan(0);
  });

  it('computes the LoG inside a read box exactly as the full filter does (the sweeps skip only lines outside it)', () => {
    const size: [number, number, number] = [13, 11, 9];
    const img = Float64Array.from({ length: 13 * 11 * 9 }, (_, i) => Math.sin(i * 0.37) * 300 + (i % 7) * 11);
    const full = laplacianOfGaussian(img, size, [0.8, 1, 2.5], 1.5).slice();
    const read = { lower: [3, 2, 4] as [number, number, number], upper: [8, 6, 5] as [number, number, number] };
    // The work buffers are reused: fill them with another image's values, so that a line the sweeps skip but need shows.
    laplacianOfGaussian(img.map((v) => -v), size, [0.8, 1, 2.5], 1.5);
    const part = laplacianOfGaussian(img, size, [0.8, 1, 2.5], 1.5, read);
    let checked = 0;
    for (let z = read.lower[2]; z <= read.upper[2]; z++) for (let y = read.lower[1]; y <= read.upper[1]; y++) {
      for (let x = read.lower[0]; x <= read.upper[0]; x++, checked++) expect(part[x + 13 * y + 143 * z]).toBe(full[x + 13 * y + 143 * z]);
    }
    expect(checked).toBe(6 * 5 * 2);
  });

  it('computes the wavelet bands inside a read box exactly as the full transform does, NaN outside', () => {
    const size: [number, number, number] = [9, 12, 7];
    const img = Float64Array.from({ length: 9 * 12 * 7 }, (_, i) => Math.cos(i * 0.53) * 200 + (i % 5) * 7);
    const full = new Map([...waveletCoif1(img, size)].map(([band, v]) => [band, v.slice()]));
    const read = { lower: [0, 3, 2] as [number, number, number], upper: [4, 10, 6] as [number, number, number] };
    // The x and xy passes reuse work buffers: fill them with another image's values first.
    waveletCoif1(img.map((v) => -v), size);
    const part = waveletCoif1(img, size, undefined, read);
    for (const [band, values] of full) {
      const p = part.get(band)!;
      for (let z = 0; z < 7; z++) for (let y = 0; y < 12; y++) for (let x = 0; x < 9; x++) {
        const i = x + 9 * y + 108 * z;
        const inside = x <= 4 && y >= 3 && y <= 10 && z >= 2;
        if (inside) expect(p[i]).toBe(values[i]);
        else expect(p[i]).toBeNaN();
      }
    }
  });

  it('keeps a constant image constant under the recursive Gaussian (edge-value borders) along every axis', () => {
    const size: [number, number, number] = [7, 5, 6];
    const flat = new Float64Array(7 * 5 * 6).fill(100);
    for (const axis of [0, 1, 2]) {
      const dst = new Float32Array(flat.length);
      recursiveGaussianPass(size, axis, 2, flat, null, [{ dst, a: { order: 0, gain: 1 } }]);
      for (const v of dst) expect(v).toBeCloseTo(100, 4);
    }
  });

  it('filters a two-input sum as the sum of the filtered inputs, and gives both outputs of a pass', () => {
    const size: [number, number, number] = [6, 9, 5];
    const a = Float32Array.from({ length: 270 }, (_, i) => Math.sin(i * 0.7) * 50);
    const b = Float32Array.from({ length: 270 }, (_, i) => Math.cos(i * 0.3) * 20);
    const G = { order: 0 as const, gain: 0.5 }, D = { order: 2 as const, gain: 3 };
    for (const axis of [0, 1, 2]) {
      const [sum, ga, db] = [new Float32Array(270), new Float32Array(270), new Float32Array(270)];
      recursiveGaussianPass(size, axis, 1.5, a, b, [{ dst: sum, a: G, b: D }]);
      recursiveGaussianPass(size, axis, 1.5, a, b, [{ dst: ga, a: G }, { dst: db, b: D }]);
      sum.forEach((v, i) => expect(v).toBeCloseTo(ga[i] + db[i], 4)); // float32 storage
    }
  });

  it('measures the gradient of a linear ramp as its slope in mm', () => {
    const g = gradientMagnitude(Float64Array.from({ length: 5 * 3 * 3 }, (_, i) => 2 * (i % 5)), [5, 3, 3], [0.5, 1, 1]);
    expect(g[2 + 5 + 15]).toBeCloseTo(4, 12);
  });

  it('rescales the point-wise maps to the image range as PyRadiomics does', () => {
    const x = Float64Array.from([-4, 0, 1, 16]);
    expect([...squareMap(x, 16)]).toEqual([1, 0, 1 / 16, 16]);
    expect([...squareRootMap(x, 16)]).toEqual([-8, 0, 4, 16]);
    expect(logarithmMap(x, 16)[3]).toBeCloseTo(16, 12);
    expect(exponentialMap(x, 16)[3]).toBeCloseTo(16, 10);
  });
});

describe('IBSI 2 Laws filter', () => {
  it('gives the same energy for a pattern and its right-angle rotation (pseudo-rotational invariance)', async () => {
    const { lawsFilter } = await import('../../../plugins/radiomics/filters/ibsi2-laws.js');
    const n = 9;
    const at = (x: number, y: number, z: number) => x + n * (y + n * z);
    const ramp = new Float64Array(n ** 3), rotated = new Float64Array(n ** 3);
    // A bright quarter-space edge running along x, and the same edge turned to run along z.
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      ramp[at(x, y, z)] = y > 4 && z > 4 ? 100 : 0;
      rotated[at(z, y, x)] = ramp[at(x, y, z)];
    }
    const a = lawsFilter(ramp, [n, n, n], 'L5E5E5', { energyDistance: 1 });
    const b = lawsFilter(rotated, [n, n, n], 'L5E5E5', { energyDistance: 1 });
    expect(Math.max(...a)).toBeGreaterThan(1);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) expect(b[at(z, y, x)]).toBeCloseTo(a[at(x, y, z)], 9);
    expect(() => lawsFilter(ramp, [n, n, n], 'L5E5')).toThrow(/must name 3/);
  });
});

describe('IBSI 2 Gabor filter', () => {
  const n = 12;
  const at = (x: number, y: number, z: number) => x + n * (y + n * z);
  const opts = { sigmaMm: 1.5, lambdaMm: 3, gamma: 1.5, deltaTheta: Math.PI / 4 };

  it('averages its orientations: an in-plane pattern turned by a right angle gives the turned response', async () => {
    const { gaborFilter } = await import('../../../plugins/radiomics/filters/ibsi2-gabor.js');
    const img = new Float64Array(n ** 3), turned = new Float64Array(n ** 3);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      img[at(x, y, z)] = Math.sin(x * 1.3 + y * 0.4) * 50 + (x > 6 ? 80 : 0) + z;
      turned[at(n - 1 - y, x, z)] = img[at(x, y, z)];
    }
    const a = gaborFilter(img, [n, n, n], [1, 1, 1], { ...opts, inPlane: true });
    const b = gaborFilter(turned, [n, n, n], [1, 1, 1], { ...opts, inPlane: true });
    expect(Math.max(...a)).toBeGreaterThan(1);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) expect(b[at(n - 1 - y, x, z)]).toBeCloseTo(a[at(x, y, z)], 8);
  });

  it('computes a read box exactly as the whole image, NaN outside', async () => {
    const { gaborFilter } = await import('../../../plugins/radiomics/filters/ibsi2-gabor.js');
    const img = Float64Array.from({ length: n ** 3 }, (_, i) => Math.cos(i * 0.37) * 40 + (i % 11));
    const read = { lower: [2, 3, 4] as [number, number, number], upper: [9, 7, 6] as [number, number, number] };
    const full = gaborFilter(img, [n, n, n], [1, 1, 2], opts);
    const part = gaborFilter(img, [n, n, n], [1, 1, 2], { ...opts, read });
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      const inside = x >= 2 && x <= 9 && y >= 3 && y <= 7 && z >= 4 && z <= 6;
      if (inside) expect(part[at(x, y, z)]).toBeCloseTo(full[at(x, y, z)], 9);
      else expect(part[at(x, y, z)]).toBeNaN();
    }
  });
});

describe('recursive Gaussian WebAssembly kernel', () => {
  it('gives bit for bit the scalar code\'s values, for every sweep shape, axis and box', () => {
    const size: [number, number, number] = [11, 9, 10];
    const n = 990;
    const G = { order: 0 as const, gain: 1 }, D = { order: 2 as const, gain: 0.7 };
    const box = { lower: [1, 2, 3] as [number, number, number], upper: [9, 6, 8] as [number, number, number] };
    const src64 = Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? 0 : Math.sin(i * 0.41) * 900 - 300));
    const srcA = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.29) * 40);
    const srcB = Float32Array.from({ length: n }, (_, i) => (i % 5) - 2);
    let compared = 0;
    for (const axis of [0, 1, 2]) {
      for (const shape of ['1in2out', '2in2out', '2in1out'] as const) {
        for (const within of [undefined, box]) {
          const ws = gaussianWorkspace(n, n, 4);
          const [a32, b32, d1, d2] = ws.f32;
          ws.f64.set(src64); a32.set(srcA); b32.set(srcB); d1.fill(7); d2.fill(7);
          const [pa, pb, p1, p2] = [srcA.slice(), srcB.slice(), new Float32Array(n).fill(7), new Float32Array(n).fill(7)];
          if (shape === '1in2out') {
            recursiveGaussianPass(size, axis, 1.7, ws.f64, null, [{ dst: d1, a: G }, { dst: d2, a: D }], within);
            recursiveGaussianPass(size, axis, 1.7, src64, null, [{ dst: p1, a: G }, { dst: p2, a: D }], within);
          } else if (shape === '2in2out') {
            // The second output overwrites input b, as the LoG's y sweep does.
            recursiveGaussianPass(size, axis, 2.3, a32, b32, [{ dst: d1, a: G }, { dst: b32, a: D, b: G }], within);
            recursiveGaussianPass(size, axis, 2.3, pa, pb, [{ dst: p1, a: G }, { dst: pb, a: D, b: G }], within);
            d2.set(b32); p2.set(pb);
          } else {
            recursiveGaussianPass(size, axis, 0.9, a32, b32, [{ dst: d1, a: G, b: D }], within);
            recursiveGaussianPass(size, axis, 0.9, pa, pb, [{ dst: p1, a: G, b: D }], within);
          }
          // Only the box's voxels are defined when a box is given.
          const b = within ?? { lower: [0, 0, 0], upper: [10, 8, 9] };
          for (let z = b.lower[2]; z <= b.upper[2]; z++) for (let y = b.lower[1]; y <= b.upper[1]; y++) for (let x = b.lower[0]; x <= b.upper[0]; x++) {
            const i = x + 11 * y + 99 * z;
            if (!Object.is(d1[i], p1[i]) || !Object.is(d2[i], p2[i])) throw new Error(`${shape} axis ${axis} box ${!!within}: voxel ${i} differs`);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(9 * (990 + 9 * 5 * 6));
  });
});
