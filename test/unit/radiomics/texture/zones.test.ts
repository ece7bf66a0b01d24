import { describe, expect, it } from 'vitest';
import { borderDistance } from '../../../../plugins/radiomics/texture/distance-map.js';
import { computeGldzm } from '../../../../plugins/radiomics/texture/gldzm.js';
import { computeGlszm, glszmFeatures } from '../../../../plugins/radiomics/texture/glszm.js';
import { prepareRegion } from '../../../../plugins/radiomics/texture/region.js';
import { flatBox, slice2d } from './helpers/regions.js';

/** Zone counts as { grey level: { j: count } }. */
function asTable(m: { grayLevels: Float64Array; jValues: Float64Array; matrix: Float64Array }): Record<number, Record<number, number>> {
  const out: Record<number, Record<number, number>> = {};
  const nj = m.jValues.length;
  m.grayLevels.forEach((g, i) => {
    out[g] = {};
    m.jValues.forEach((j, k) => { if (m.matrix[i * nj + k]) out[g][j] = m.matrix[i * nj + k]; });
  });
  return out;
}

// The 5×5 example of PyRadiomics' GLSZM documentation; zones worked out by hand with 8-connectivity.
const example = slice2d([
  [5, 2, 5, 4, 4],
  [3, 3, 3, 1, 3],
  [2, 1, 1, 1, 3],
  [4, 2, 2, 2, 3],
  [3, 5, 3, 3, 2],
]);

describe('GLSZM and GLDZM', () => {
  it('finds the 8-connected zones of the PyRadiomics documentation example', () => {
    const [m] = computeGlszm(example, { aggregation: '2d' });
    expect(asTable(m)).toEqual({
      1: { 4: 1 },
      2: { 1: 1, 5: 1 },
      3: { 1: 1, 3: 1, 5: 1 },
      4: { 1: 1, 2: 1 },
      5: { 1: 3 },
    });
    expect(m.nVoxels).toBe(25);
  });

  it('links zones across slices in 3D but not in 2D', () => {
    const cube = flatBox([2, 2, 2], 1);
    expect(asTable(computeGlszm(cube, { aggregation: '3d' })[0])).toEqual({ 1: { 8: 1 } });
    expect(computeGlszm(cube, { aggregation: '2d' }).map(asTable)).toEqual([{ 1: { 4: 1 } }, { 1: { 4: 1 } }]);
    expect(asTable(computeGlszm(cube, { aggregation: '2.5d' })[0])).toEqual({ 1: { 4: 2 } });
  });

  it('measures the distance to the ROI border in face steps, 1 on the border', () => {
    const r = prepareRegion(flatBox([5, 5, 1], 1));
    expect(Array.from(borderDistance(r, true))).toEqual([
      1, 1, 1, 1, 1,
      1, 2, 2, 2, 1,
      1, 2, 3, 2, 1,
      1, 2, 2, 2, 1,
      1, 1, 1, 1, 1,
    ]);
  });

  it('gives each zone the smallest border distance of its voxels', () => {
    // A ring of 1 around a 3×3 core of 2 with a 3 in the centre.
    const r = slice2d([
      [1, 1, 1, 1, 1],
      [1, 2, 2, 2, 1],
      [1, 2, 3, 2, 1],
      [1, 2, 2, 2, 1],
      [1, 1, 1, 1, 1],
    ]);
    expect(asTable(computeGldzm(r, { aggregation: '2d' })[0])).toEqual({ 1: { 1: 1 }, 2: { 2: 1 }, 3: { 3: 1 } });
  });

  it('measures zone distances to the morphological mask when re-segmentation left holes in the intensity mask', () => {
    // The ring of level 2 touches the re-segmented centre (distance 1 to the intensity mask's border) but lies two face
    // steps inside the morphological ROI, which has no hole.
    const r = slice2d([
      [1, 1, 1, 1, 1],
      [1, 2, 2, 2, 1],
      [1, 2, 0, 2, 1],
      [1, 2, 2, 2, 1],
      [1, 1, 1, 1, 1],
    ]);
    expect(asTable(computeGldzm(r, { aggregation: '2d' })[0])[2]).toEqual({ 1: 1 });
    const morphologicalMask = new Uint8Array(25).fill(1);
    expect(asTable(computeGldzm({ ...r, morphologicalMask }, { aggregation: '2d' })[0])[2]).toEqual({ 2: 1 });
  });

  it('divides the zone count by the ROI voxels for the zone percentage', () => {
    expect(glszmFeatures(example, { aggregation: '2d' }).ZonePercentage).toBeCloseTo(11 / 25, 15);
  });
});
