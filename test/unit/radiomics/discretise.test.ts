import { describe, expect, it } from 'vitest';
import { discretise, pyradiomicsBinEdges } from '../../../plugins/radiomics/preprocess/discretise.js';

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
