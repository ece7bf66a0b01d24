import { describe, expect, it } from 'vitest';
import { digitizeRoi, discretise, pyradiomicsBinEdges, type Discretisation } from '../../../plugins/radiomics/preprocess/discretise.js';
import { Prng } from '../../../core/random.js';

const all = (n: number) => new Uint8Array(n).fill(1);

describe('discretisation', () => {
  it('starts PyRadiomics fixed-width bins at the largest multiple of the width not above the minimum', () => {
    expect(pyradiomicsBinEdges(-37, 60, { type: 'binWidth', width: 25 })).toEqual([-50, -25, 0, 25, 50, 75, 100]);
  });

  it('puts a value on a bin edge into the upper bin, as numpy.digitize does', () => {
    const d = discretise(Float64Array.from([0, 24.999, 25, 50]), all(4), { type: 'binWidth', width: 25 });
    expect([...d.levels]).toEqual([1, 1, 2, 3]);
    expect(d.nLevels).toBe(3);
  });

  it('gives a flat region one bin in both formula sets', () => {
    const flat = Float64Array.from([7, 7, 7]);
    expect([...discretise(flat, all(3), { type: 'binWidth', width: 25 }).levels]).toEqual([1, 1, 1]);
    expect([...discretise(flat, all(3), { type: 'binCount', count: 32 }, { mode: 'ibsi' }).levels]).toEqual([1, 1, 1]);
  });

  it('keeps the maximum in the top bin with a fixed bin count (PyRadiomics and IBSI)', () => {
    const v = Float64Array.from([0, 1, 2, 3, 4]);
    expect(Math.max(...discretise(v, all(5), { type: 'binCount', count: 4 }).levels)).toBe(4);
    expect([...discretise(v, all(5), { type: 'binCount', count: 4 }, { mode: 'ibsi' }).levels]).toEqual([1, 2, 3, 4, 4]);
  });

  it('starts IBSI fixed bin size at the re-segmentation lower bound', () => {
    const d = discretise(Float64Array.from([-500, -476, -475, 399]), all(4), { type: 'binWidth', width: 25, min: -500 }, { mode: 'ibsi' });
    expect([...d.levels]).toEqual([1, 1, 2, 36]);
  });

  it('leaves voxels outside the ROI at level 0', () => {
    const d = discretise(Float64Array.from([1, 100, 3]), Uint8Array.from([1, 0, 1]), { type: 'binWidth', width: 1 });
    expect(d.levels[1]).toBe(0);
  });
});

/** The reference: numpy.digitize as a binary search, the number of edges ≤ x. */
function binarySearchDigitize(x: number, edges: number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The adjacent float towards +∞ (up) or −∞ (down). */
function nextFloat(x: number, up: boolean): number {
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const bits = new BigInt64Array(Float64Array.of(x).buffer);
  bits[0] += (x > 0) === up ? 1n : -1n;
  return new Float64Array(bits.buffer)[0];
}

describe('digitizeRoi', () => {
  it('gives numpy.digitize\'s bin for random values, every edge and its neighbouring floats (binWidth and binCount edges)', () => {
    const rng = new Prng(5);
    for (let trial = 0; trial < 200; trial++) {
      // Widths NumPy cannot step exactly, over ranges of up to 500 bins, at magnitudes from 0.01 to 10⁵.
      const width = [25, 0.1, 3.7, 1e-3, 1 / 3][trial % 5];
      const min = (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 8 - 2);
      const max = trial % 10 === 0 ? min : min + width * rng.next() * 500;
      const d: Discretisation = trial % 2
        ? { type: 'binCount', count: 1 + Math.floor(rng.next() * 300) }
        : { type: 'binWidth', width };
      const edges = pyradiomicsBinEdges(min, max, d);
      const probes = [min, max, NaN, Infinity, -Infinity];
      for (let i = 0; i < 300; i++) probes.push(min + (max - min) * (rng.next() * 1.2 - 0.1));
      for (const e of edges) {
        probes.push(e, nextFloat(e, true), nextFloat(e, false), e + 1e-9 * Math.abs(e), e - 1e-9 * Math.abs(e));
      }
      const values = Float64Array.from(probes);
      const levels = new Uint16Array(values.length);
      const top = digitizeRoi(values, Int32Array.from(values.keys()), edges, levels);
      const expected = probes.map((x) => binarySearchDigitize(x, edges));
      expect([...levels]).toEqual(expected);
      expect(top).toBe(Math.max(...expected));
    }
  });
});
