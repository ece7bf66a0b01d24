import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from '../../../../plugins/radiomics/texture/eigen.js';
import { computeGlcm, glcmFeatures, GLCM_FEATURES } from '../../../../plugins/radiomics/texture/glcm.js';
import { rowsOf, slice2d } from './helpers/regions.js';

// The 5×5 example of PyRadiomics' GLCM documentation.
const example = slice2d([
  [1, 2, 5, 2, 3],
  [3, 2, 1, 3, 1],
  [1, 3, 5, 5, 2],
  [1, 1, 1, 1, 2],
  [1, 2, 4, 3, 5],
]);

describe('GLCM', () => {
  it('counts the symmetric horizontal co-occurrences of the PyRadiomics documentation example', () => {
    const g = computeGlcm(example, { inPlane: true });
    const horizontal = g.offsets.findIndex(([dx, dy, dz]) => dx === 1 && dy === 0 && dz === 0);
    expect(rowsOf(g.matrices[horizontal], 5, 5)).toEqual([
      [6, 4, 3, 0, 0],
      [4, 0, 2, 1, 3],
      [3, 2, 0, 1, 2],
      [0, 1, 1, 0, 0],
      [0, 3, 2, 0, 2],
    ]);
  });

  it('keeps one sense per direction when the matrix is not symmetrised', () => {
    const g = computeGlcm(slice2d([[1, 2]]), { inPlane: true, symmetric: false });
    const horizontal = g.offsets.findIndex(([dx, dy]) => dx === 1 && dy === 0);
    expect(rowsOf(g.matrices[horizontal], 2, 2)).toEqual([[0, 1], [0, 0]]);
  });

  it('gives the same features for "2D, averaged" and "2.5D, direction-merged" when the ROI is one slice', () => {
    const a = glcmFeatures(example, { aggregation: '2d-average' });
    const b = glcmFeatures(example, { aggregation: '2.5d-direction-merged' });
    for (const f of GLCM_FEATURES) expect(a[f.name]).toBeCloseTo(b[f.name], 12);
  });

  it('evaluates the merged aggregation on the sum of the direction matrices, not on the mean of features', () => {
    const merged = glcmFeatures(example, { aggregation: '2.5d-merged' });
    const averaged = glcmFeatures(example, { aggregation: '2.5d-direction-merged' });
    expect(merged.Contrast).not.toBeCloseTo(averaged.Contrast, 6);
    // Contrast is linear in p, so the merged value is the pair-count-weighted mean of the per-direction contrasts.
    const g = computeGlcm(example, { inPlane: true });
    const totals = g.matrices.map((m) => m.reduce((s, v) => s + v, 0));
    const contrasts = g.matrices.map((m, a) => m.reduce((s, v, k) => s + v * (Math.floor(k / 5) - (k % 5)) ** 2, 0) / totals[a]);
    const weighted = contrasts.reduce((s, c, a) => s + c * totals[a], 0) / totals.reduce((s, t) => s + t, 0);
    expect(merged.Contrast).toBeCloseTo(weighted, 12);
  });

  it('lists 24 PyRadiomics features and 2 IBSI-only ones, with unique names', () => {
    expect(GLCM_FEATURES.filter((f) => f.pyradiomics)).toHaveLength(24);
    expect(GLCM_FEATURES.filter((f) => !f.pyradiomics).map((f) => f.name)).toEqual(['SumVariance', 'Dissimilarity']);
    expect(new Set(GLCM_FEATURES.map((f) => f.name)).size).toBe(GLCM_FEATURES.length);
  });

  it('finds the eigenvalues of a symmetric matrix (used by MCC)', () => {
    // [[2,1,0],[1,2,0],[0,0,5]] has eigenvalues 1, 3, 5.
    const ev = symmetricEigenvalues(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3);
    expect(Array.from(ev).map((v) => Number(v.toFixed(12)))).toEqual([1, 3, 5]);
  });
});
