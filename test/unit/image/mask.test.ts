import { describe, expect, it } from 'vitest';
import { EmptyRegionError } from '../../../core/errors.js';
import type { Image3D, Vec3 } from '../../../core/image/image.js';
import {
  connectedComponents,
  countForeground,
  dilateMm,
  erodeMm,
  labelVoxelCounts,
  largestConnectedComponent,
  lesionCore,
  peritumoralRing,
  selectLabel,
  splitLabels,
} from '../../../core/image/mask.js';

function blank(size: Vec3, spacing: Vec3): Image3D<Uint8Array> {
  return { size, spacing, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Uint8Array(size[0] * size[1] * size[2]) };
}

const at = (m: Image3D, x: number, y: number, z: number) => x + y * m.size[0] + z * m.size[0] * m.size[1];

/** A reproducible blobby mask: a few overlapping ellipsoids. */
function blobs(size: Vec3, spacing: Vec3): Image3D<Uint8Array> {
  const m = blank(size, spacing);
  const centres: Array<[number, number, number, number]> = [[6, 7, 4, 3.2], [10, 9, 5, 2.5], [4, 12, 3, 2]];
  for (let z = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++)
      for (let x = 0; x < size[0]; x++)
        for (const [cx, cy, cz, r] of centres) if ((x - cx) ** 2 + (y - cy) ** 2 + ((z - cz) * 1.5) ** 2 <= r * r) m.data[at(m, x, y, z)] = 1;
  return m;
}

/** Morphology by direct search over the ball: the definition the fast path must reproduce. */
function bruteForce(mask: Image3D, r: number, op: 'dilate' | 'erode'): Uint8Array {
  const [sx, sy, sz] = mask.size;
  const [px, py, pz] = mask.spacing;
  const out = new Uint8Array(mask.data.length);
  const reach = [Math.floor(r / px), Math.floor(r / py), Math.floor(r / pz)];
  for (let z = 0; z < sz; z++)
    for (let y = 0; y < sy; y++)
      for (let x = 0; x < sx; x++) {
        let hit = op === 'erode' ? 1 : 0;
        for (let dz = -reach[2]; dz <= reach[2]; dz++)
          for (let dy = -reach[1]; dy <= reach[1]; dy++)
            for (let dx = -reach[0]; dx <= reach[0]; dx++) {
              if ((dx * px) ** 2 + (dy * py) ** 2 + (dz * pz) ** 2 > r * r + 1e-9) continue;
              const nx = x + dx, ny = y + dy, nz = z + dz;
              if (nx < 0 || ny < 0 || nz < 0 || nx >= sx || ny >= sy || nz >= sz) continue;
              const v = mask.data[nx + ny * sx + nz * sx * sy] !== 0;
              if (op === 'dilate' && v) hit = 1;
              if (op === 'erode' && !v) hit = 0;
            }
        out[x + y * sx + z * sx * sy] = op === 'erode' ? (mask.data[x + y * sx + z * sx * sy] !== 0 ? hit : 0) : hit;
      }
  return out;
}

describe('morphology in millimetres', () => {
  it('dilates one voxel into the anisotropic ball of that radius', () => {
    const m = blank([9, 9, 9], [1, 1, 2]);
    m.data[at(m, 4, 4, 4)] = 1;
    const out = dilateMm(m, 2);
    // A disc of radius 2 (13 voxels) in its own slice; the slices above and below lie 2 mm away, so only their centre joins.
    expect(countForeground(out)).toBe(13 + 1 + 1);
    expect(out.data[at(m, 4, 4, 5)]).toBe(1);
    expect(out.data[at(m, 5, 4, 5)]).toBe(0);
  });

  for (const [spacing, r] of [[[1, 1, 1], 2], [[0.8, 0.8, 2], 2.5], [[1.2, 0.7, 1.5], 1.6]] as Array<[Vec3, number]>) {
    it(`matches brute-force dilation and erosion for spacing ${spacing.join('×')} mm and radius ${r} mm`, () => {
      const m = blobs([16, 18, 9], spacing);
      expect(dilateMm(m, r).data).toEqual(bruteForce(m, r, 'dilate'));
      expect(erodeMm(m, r).data).toEqual(bruteForce(m, r, 'erode'));
    });
  }

  it('builds the peritumoral ring as dilation minus lesion and the core by erosion', () => {
    const m = blobs([16, 18, 9], [1, 1, 1.5]);
    const ring = peritumoralRing(m, 2);
    const grown = dilateMm(m, 2);
    expect(countForeground(ring)).toBe(countForeground(grown) - countForeground(m));
    for (let i = 0; i < m.data.length; i++) if (m.data[i]) expect(ring.data[i]).toBe(0);
    const core = lesionCore(m, 1);
    expect(countForeground(core)).toBeGreaterThan(0);
    expect(countForeground(core)).toBeLessThan(countForeground(m));
    for (let i = 0; i < m.data.length; i++) if (core.data[i]) expect(m.data[i]).toBe(1);
  });

  it('leaves a mask unchanged at radius 0 and does not erode from the image border', () => {
    const m = blank([4, 4, 4], [1, 1, 1]);
    m.data.fill(1);
    expect(erodeMm(m, 1).data).toEqual(m.data);
    expect(dilateMm(blobs([16, 18, 9], [1, 1, 1]), 0).data).toEqual(blobs([16, 18, 9], [1, 1, 1]).data);
  });
});

describe('labels and components', () => {
  it('selects one label, splits every label into its own region and counts voxels', () => {
    const m = blank([4, 4, 1], [1, 1, 1]);
    m.data.set([0, 1, 1, 2, 0, 0, 2, 2, 5]);
    expect(countForeground(selectLabel(m, 2))).toBe(3);
    expect([...splitLabels(m).keys()]).toEqual([1, 2, 5]);
    expect(labelVoxelCounts(m).get(0)).toBe(16 - 6);
    expect(() => selectLabel(m, 3, { site: 'south', caseId: 's-4' })).toThrow(EmptyRegionError);
    expect(() => selectLabel(m, 3)).toThrow(/no voxel with label 3 \(labels present: 1, 2, 5\)/);
  });

  it('joins diagonal neighbours with 26-connectivity but not with 6-connectivity', () => {
    const m = blank([5, 5, 5], [1, 1, 1]);
    m.data[at(m, 1, 1, 1)] = 1;
    m.data[at(m, 2, 2, 2)] = 1;
    m.data[at(m, 3, 2, 2)] = 1;
    expect(connectedComponents(m, 26).sizes).toEqual([3]);
    expect(connectedComponents(m, 6).sizes).toEqual([1, 2]);
    expect(connectedComponents(m, 18).sizes).toEqual([1, 2]);
    const largest = largestConnectedComponent(m, 6);
    expect(countForeground(largest)).toBe(2);
    expect(largest.data[at(m, 1, 1, 1)]).toBe(0);
  });

  it('keeps the first component on a size tie and returns an empty mask for an empty input', () => {
    const m = blank([5, 1, 1], [1, 1, 1]);
    m.data.set([1, 0, 1, 0, 0]);
    expect(Array.from(largestConnectedComponent(m).data)).toEqual([1, 0, 0, 0, 0]);
    expect(countForeground(largestConnectedComponent(blank([3, 3, 3], [1, 1, 1])))).toBe(0);
  });
});
