/**
 * Degenerate regions: documented values, never a crash. Conventions follow PyRadiomics (its flat-region baselines
 * are matched in test/conformance/radiomics-texture.test.ts): a family without any pair/run returns NaN; entropies
 * of a one-cell matrix are −log2(1 + ε) ≈ −3.2e-16, not exactly 0.
 */
import { describe, expect, it } from 'vitest';
import * as T from '../../../../plugins/radiomics/texture/index.js';
import { flatBox, slice2d } from './helpers/regions.js';

const all = (r: T.DiscretisedRegion) => ({
  glcm: T.glcmFeatures(r), glrlm: T.glrlmFeatures(r), glszm: T.glszmFeatures(r), gldzm: T.gldzmFeatures(r),
  gldm: T.gldmFeatures(r), ngldm: T.ngldmFeatures(r), ngtdm: T.ngtdmFeatures(r),
});

describe('texture features of degenerate regions', () => {
  it('returns NaN for every GLCM and GLRLM feature of a one-voxel region (no pair, no run)', () => {
    const f = all(slice2d([[0, 0, 0], [0, 3, 0], [0, 0, 0]]));
    expect(Object.values(f.glcm).every(Number.isNaN)).toBe(true);
    expect(Object.values(f.glrlm).every(Number.isNaN)).toBe(true);
    expect(Object.keys(f.glcm)).toHaveLength(26);
  });

  it('describes a one-voxel region as one zone of size 1 at distance 1, and NGTDM by PyRadiomics constants', () => {
    const f = all(slice2d([[0, 0, 0], [0, 3, 0], [0, 0, 0]]));
    expect(f.glszm).toMatchObject({ SmallAreaEmphasis: 1, ZonePercentage: 1, GrayLevelVariance: 0, HighGrayLevelZoneEmphasis: 9 });
    expect(f.gldzm).toMatchObject({ SmallDistanceEmphasis: 1, ZonePercentage: 1 });
    expect(f.gldm).toMatchObject({ SmallDependenceEmphasis: 1, DependenceVariance: 0 });
    expect(f.ngtdm).toEqual({ Coarseness: 1e6, Contrast: 0, Busyness: 0, Complexity: 0, Strength: 0 });
  });

  it('returns NaN for NGTDM when isolated voxels are not counted (IBSI) and none has a neighbour', () => {
    const f = T.ngtdmFeatures(slice2d([[3]]), { countIsolated: false });
    expect(Object.values(f).every(Number.isNaN)).toBe(true);
  });

  it('gives the PyRadiomics flat-region values for a 3×3×3 box of one grey level', () => {
    const f = all(flatBox([3, 3, 3], 2));
    expect(f.glcm).toMatchObject({
      Contrast: 0, Correlation: 1, Imc1: 0, Imc2: 0, MCC: 1, JointEnergy: 1, Idmn: 1, Idn: 1, Id: 1, Idm: 1,
      InverseVariance: 0, MaximumProbability: 1, JointAverage: 2, SumAverage: 4, ClusterShade: 0,
    });
    expect(f.glcm.JointEntropy).toBeCloseTo(0, 15);
    expect(f.glrlm.GrayLevelNonUniformityNormalized).toBe(1);
    expect(f.glszm).toMatchObject({ LargeAreaEmphasis: 729, ZonePercentage: 1 / 27 });
    expect(f.ngtdm).toEqual({ Coarseness: 1e6, Contrast: 0, Busyness: 0, Complexity: 0, Strength: 0 });
    expect(f.ngldm.GreyLevelNonUniformityNormalised).toBe(1);
  });

  it('returns NaN for every family when the mask is empty', () => {
    const empty: T.DiscretisedRegion = { levels: new Uint16Array(8), mask: new Uint8Array(8), size: [2, 2, 2], nLevels: 1 };
    for (const values of Object.values(all(empty))) expect(Object.values(values).every(Number.isNaN)).toBe(true);
  });

  it('rejects grey level 0 inside the mask and arrays that do not match the size', () => {
    const r: T.DiscretisedRegion = { levels: new Uint16Array([0, 1]), mask: new Uint8Array([1, 1]), size: [2, 1, 1], nLevels: 1 };
    expect(() => T.glcmFeatures(r)).toThrow(/grey level 0/);
    expect(() => T.glcmFeatures({ ...r, size: [3, 1, 1] })).toThrow(/must both hold/);
  });
});
