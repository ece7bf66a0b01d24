import { describe, expect, it } from 'vitest';
import { computeGldm } from '../../../../plugins/radiomics/texture/gldm.js';
import { ngldmFeatures } from '../../../../plugins/radiomics/texture/ngldm.js';
import { computeNgtdm } from '../../../../plugins/radiomics/texture/ngtdm.js';
import { rowsOf, slice2d } from './helpers/regions.js';

// The 4×4 example of PyRadiomics' NGTDM documentation (no voxel of grey level 4).
const example = slice2d([
  [1, 2, 5, 2],
  [3, 5, 1, 3],
  [1, 3, 5, 5],
  [3, 1, 1, 1],
]);

describe('NGTDM, GLDM and NGLDM', () => {
  it('sums |i − neighbourhood mean| per grey level over the in-plane 8-neighbourhood', () => {
    const [t] = computeNgtdm(example, { aggregation: '2d' });
    expect(Array.from(t.grayLevels)).toEqual([1, 2, 3, 5]);
    expect(Array.from(t.n)).toEqual([6, 2, 4, 4]);
    const s1 = Math.abs(1 - 10 / 3) + Math.abs(1 - 30 / 8) + Math.abs(1 - 15 / 5) + Math.abs(1 - 13 / 5) + Math.abs(1 - 15 / 5) + Math.abs(1 - 11 / 3);
    const s3 = Math.abs(3 - 12 / 5) + Math.abs(3 - 18 / 5) + Math.abs(3 - 20 / 8) + Math.abs(3 - 5 / 3);
    expect(t.s[0]).toBeCloseTo(s1, 12);
    expect(t.s[1]).toBeCloseTo(2, 12);
    expect(t.s[2]).toBeCloseTo(s3, 12);
    expect(t.s[3]).toBeCloseTo(10.075, 12);
  });

  it('counts a voxel without ROI neighbours in n_i (PyRadiomics) unless told not to (IBSI)', () => {
    const isolated = slice2d([[1, 0, 2]]);
    expect(Array.from(computeNgtdm(isolated, { aggregation: '2d' })[0].n)).toEqual([1, 1]);
    expect(Array.from(computeNgtdm(isolated, { aggregation: '2d', countIsolated: false })[0].n)).toEqual([0, 0]);
  });

  it('counts dependent neighbours plus one per voxel, with alpha widening dependence', () => {
    const r = slice2d([[1, 1, 2]]);
    const [a0] = computeGldm(r, { aggregation: '2d' });
    // Voxel 1 (left) has one equal neighbour, voxel 1 (middle) one, voxel 2 none → dependences 2, 2, 1.
    expect(rowsOf(a0.matrix, 2, a0.dependences.length).map((row) => row.slice(0, 3))).toEqual([[0, 2, 0], [1, 0, 0]]);
    const [a1] = computeGldm(r, { aggregation: '2d', alpha: 1 });
    expect(rowsOf(a1.matrix, 2, a1.dependences.length).map((row) => row.slice(0, 3))).toEqual([[0, 1, 1], [0, 1, 0]]);
  });

  it('reports a dependence count percentage of 1, as every voxel is one neighbourhood', () => {
    expect(ngldmFeatures(example, { aggregation: '2d' }).DependenceCountPercentage).toBe(1);
  });
});
