import { describe, expect, it } from 'vitest';
import { computeGlrlm, glrlmFeatures } from '../../../../plugins/radiomics/texture/glrlm.js';
import { rowsOf, slice2d } from './helpers/regions.js';

describe('GLRLM', () => {
  it('counts runs along a row and ends a run at a voxel outside the mask', () => {
    const g = computeGlrlm(slice2d([[1, 1, 2, 2, 2, 0, 2, 1]]), { inPlane: true });
    const horizontal = g.offsets.findIndex(([dx, dy]) => dx === 1 && dy === 0);
    const nr = g.runLengths.length;
    expect(rowsOf(g.matrices[horizontal], 2, nr).map((r) => r.slice(0, 3))).toEqual([
      [1, 1, 0], // grey 1: one run of 1, one run of 2
      [1, 0, 1], // grey 2: one run of 1 (after the gap), one run of 3
    ]);
  });

  it('drops a direction whose lines never hold two ROI voxels, as PyRadiomics does', () => {
    // A single row: the vertical and diagonal directions only see one voxel per line.
    const g = computeGlrlm(slice2d([[1, 2, 1]]), { inPlane: true });
    const totals = g.matrices.map((m) => m.reduce((s, v) => s + v, 0));
    expect(g.offsets.map(([dx, dy]) => `${dx},${dy}`)).toEqual(['1,0']);
    expect(totals).toEqual([3]);
  });

  it('keeps a direction whose lines hold two ROI voxels that do not touch', () => {
    // Row 0 holds two ROI voxels with a gap: the horizontal direction stays (three runs of 1); no column or diagonal
    // holds two, so those directions are zeroed.
    const g = computeGlrlm(slice2d([[1, 0, 1], [0, 0, 0], [0, 1, 0]]), { inPlane: true });
    const totals = Object.fromEntries(g.offsets.map(([dx, dy], a) => [`${dx},${dy}`, g.matrices[a].reduce((s, v) => s + v, 0)]));
    expect(totals).toEqual({ '1,1': 0, '0,1': 0, '-1,1': 0, '1,0': 3 });
  });

  it('averages run percentage over directions, or divides merged runs by voxels × directions', () => {
    // Checkerboard: 9 runs horizontally and vertically, 5 along each diagonal (the diagonals are constant).
    const checker = slice2d([[1, 2, 1], [2, 1, 2], [1, 2, 1]]);
    expect(glrlmFeatures(checker, { aggregation: '2d-average' }).RunPercentage).toBeCloseTo((1 + 1 + 5 / 9 + 5 / 9) / 4, 14);
    // Vertical stripes: 9 + 3 + 9 + 9 = 30 runs over 4 × 9 voxels.
    const stripes = slice2d([[1, 2, 1], [1, 2, 1], [1, 2, 1]]);
    expect(glrlmFeatures(stripes, { aggregation: '2.5d-merged' }).RunPercentage).toBeCloseTo(30 / 36, 14);
  });
});
