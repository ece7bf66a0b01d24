import { describe, expect, it } from 'vitest';
import { neighbourOffsets } from '../../../../plugins/radiomics/texture/directions.js';

describe('neighbour offsets', () => {
  it('lists the 13 3D directions in PyRadiomics angle order (z slowest, offsets from +1 down)', () => {
    const zyx = neighbourOffsets().map(([dx, dy, dz]) => [dz, dy, dx]);
    expect(zyx).toEqual([
      [1, 1, 1], [1, 1, 0], [1, 1, -1], [1, 0, 1], [1, 0, 0], [1, 0, -1], [1, -1, 1], [1, -1, 0], [1, -1, -1],
      [0, 1, 1], [0, 1, 0], [0, 1, -1], [0, 0, 1],
    ]);
  });

  it('keeps the 4 in-plane directions for 2D and 26 or 8 neighbours when both senses are asked for', () => {
    expect(neighbourOffsets({ inPlane: true })).toEqual([[1, 1, 0], [0, 1, 0], [-1, 1, 0], [1, 0, 0]]);
    expect(neighbourOffsets({ bidirectional: true })).toHaveLength(26);
    expect(neighbourOffsets({ bidirectional: true, inPlane: true })).toHaveLength(8);
  });

  it('builds the ring at Chebyshev distance 2 only when distances is [2], and both rings for [1, 2]', () => {
    expect(neighbourOffsets({ distances: [2] })).toHaveLength((125 - 27) / 2);
    expect(neighbourOffsets({ distances: [1, 2] })).toHaveLength((125 - 1) / 2);
  });

  it('drops directions that do not fit in a box one voxel thick, as PyRadiomics does for a single slice', () => {
    expect(neighbourOffsets({ boxSize: [5, 5, 1] })).toEqual(neighbourOffsets({ inPlane: true }));
  });

  it('rejects a distance that is not a positive integer', () => {
    expect(() => neighbourOffsets({ distances: [0] })).toThrow(RangeError);
  });
});
