import { describe, expect, it } from 'vitest';
import { glcmFeatures, GLCM_FEATURES } from '../../../../plugins/radiomics/texture/glcm.js';
import { glrlmFeatures, GLRLM_FEATURES } from '../../../../plugins/radiomics/texture/glrlm.js';
import { directionWeights } from '../../../../plugins/radiomics/texture/weighting.js';
import type { DiscretisedRegion } from '../../../../plugins/radiomics/texture/types.js';

/** A 4×4×3 region with an irregular texture (levels 1..4). */
function textured(spacing: [number, number, number]): DiscretisedRegion {
  const n = 4 * 4 * 3;
  const levels = Int32Array.from({ length: n }, (_, i) => 1 + ((i * 7 + (i >> 3)) % 4));
  return { levels, mask: new Uint8Array(n).fill(1), size: [4, 4, 3], nLevels: 4, spacing };
}

describe('PyRadiomics distance weighting of merged matrices', () => {
  it('computes GLCM weights exp(−‖d‖²) and GLRLM weights ‖d‖ in mm', () => {
    const offsets: [number, number, number][] = [[1, 0, 0], [1, 1, 0], [0, 0, 1], [1, 1, 1]];
    const spacing: [number, number, number] = [0.5, 0.5, 2];
    const euclidean = directionWeights(offsets, 'euclidean', spacing, 'glcm');
    [Math.exp(-0.25), Math.exp(-0.5), Math.exp(-4), Math.exp(-4.5)].forEach((w, a) => expect(euclidean[a]).toBeCloseTo(w, 14));
    expect(directionWeights(offsets, 'manhattan', spacing, 'glrlm')).toEqual([0.5, 1, 2, 3]);
    expect(directionWeights(offsets, 'infinity', spacing, 'glrlm')).toEqual([0.5, 0.5, 2, 2]);
  });

  it('equals the plain merged GLCM and GLRLM when every direction has the same infinity-norm length', () => {
    const r = textured([1, 1, 1]);
    const a = glcmFeatures(r, { aggregation: '3d-merged', weightingNorm: 'infinity' });
    const b = glcmFeatures(r, { aggregation: '3d-merged' });
    for (const f of GLCM_FEATURES) expect(a[f.name]).toBeCloseTo(b[f.name], 10);
    const c = glrlmFeatures(r, { aggregation: '3d-merged', weightingNorm: 'infinity' });
    const d = glrlmFeatures(r, { aggregation: '3d-merged' });
    for (const f of GLRLM_FEATURES) expect(c[f.name]).toBeCloseTo(d[f.name], 10);
  });

  it('lets through-plane GLCM pairs vanish when slices are far apart, leaving the in-plane merged GLCM', () => {
    const r = textured([1, 1, 1000]);
    const a = glcmFeatures(r, { aggregation: '3d-merged', weightingNorm: 'infinity' });
    const b = glcmFeatures(r, { aggregation: '2.5d-merged' });
    for (const f of GLCM_FEATURES) expect(a[f.name]).toBeCloseTo(b[f.name], 10);
    expect(a.Contrast).not.toBeCloseTo(glcmFeatures(r, { aggregation: '3d-merged' }).Contrast, 3);
  });

  it('refuses weighting without spacing or with an averaging aggregation', () => {
    const r = { ...textured([1, 1, 1]), spacing: undefined };
    expect(() => glcmFeatures(r, { aggregation: '3d-merged', weightingNorm: 'euclidean' })).toThrow(/needs region.spacing/);
    expect(() => glrlmFeatures(textured([1, 1, 1]), { weightingNorm: 'manhattan' })).toThrow(/use aggregation '3d-merged'/);
  });
});
