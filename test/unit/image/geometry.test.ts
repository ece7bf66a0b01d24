import { describe, expect, it } from 'vitest';
import { EmptyRegionError, GeometryMismatchError } from '../../../core/errors.js';
import {
  checkSameGeometry,
  cropImage,
  cropToMask,
  haveSameGeometry,
  indexToWorld,
  maskBoundingBox,
  padBoundingBox,
  worldToIndex,
} from '../../../core/image/geometry.js';
import type { Image3D, Vec3 } from '../../../core/image/image.js';

function grid(spacing: Vec3, extra: Partial<Image3D> = {}): Image3D {
  return { size: [8, 6, 4], spacing, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Uint8Array(192), ...extra };
}

describe('checkSameGeometry', () => {
  it('names site, case, both spacings, the tolerance and the fix in the design’s words', () => {
    const image = grid([0.98, 0.98, 3.0]);
    const mask = grid([1, 1, 3]);
    expect(() => checkSameGeometry(image, mask, { tolerance: 1e-3, where: { site: 'north', caseId: 'n-017' } })).toThrow(GeometryMismatchError);
    try {
      checkSameGeometry(image, mask, { tolerance: 1e-3, where: { site: 'north', caseId: 'n-017' } });
    } catch (error) {
      expect((error as Error).message).toBe(
        'site north, case n-017: mask spacing 1.0×1.0×3.0 mm differs from image 0.98×0.98×3.0 mm (tolerance 1e-3). Resample the mask or raise geometryTolerance.',
      );
    }
  });

  it('accepts differences within the tolerance and rejects size, origin and direction differences', () => {
    const image = grid([1, 1, 2]);
    expect(haveSameGeometry(image, grid([1.0000001, 1, 2], { origin: [1e-5, 0, 0] }))).toBe(true);
    expect(() => checkSameGeometry(image, grid([1, 1, 2], { size: [8, 6, 5] }))).toThrow(/mask size 8×6×5 voxels differs from image 8×6×4/);
    expect(() => checkSameGeometry(image, grid([1, 1, 2], { origin: [0, 0.5, 0] }))).toThrow(/mask origin 0\.0×0\.5×0\.0 mm differs/);
    expect(() => checkSameGeometry(image, grid([1, 1, 2], { direction: [-1, 0, 0, 0, 1, 0, 0, 0, 1] }))).toThrow(/mask direction \[-1, 0, 0/);
    expect(() => checkSameGeometry(image, grid([1.01, 1, 2]), { tolerance: 1e-3 })).toThrow(GeometryMismatchError);
    expect(() => checkSameGeometry(image, grid([1.01, 1, 2]), { tolerance: 0.02 })).not.toThrow();
  });

  it('uses the names it is given', () => {
    expect(() => checkSameGeometry(grid([1, 1, 1]), grid([2, 1, 1]), { names: ['CT', 'PET'] })).toThrow(/PET spacing 2\.0×1\.0×1\.0 mm differs from CT/);
  });
});

describe('index and world transforms', () => {
  const c = Math.cos(0.4);
  const s = Math.sin(0.4);
  const oblique = grid([0.5, 0.7, 2], { origin: [10, -5, 3], direction: [c, -s, 0, s, c, 0, 0, 0, -1] });

  it('maps index 0 to the origin and steps one spacing along each direction column', () => {
    expect(indexToWorld(oblique, [0, 0, 0])).toEqual([10, -5, 3]);
    const p = indexToWorld(oblique, [1, 0, 0]);
    expect(p[0]).toBeCloseTo(10 + 0.5 * c, 12);
    expect(p[1]).toBeCloseTo(-5 + 0.5 * s, 12);
    expect(indexToWorld(oblique, [0, 0, 1])[2]).toBeCloseTo(1, 12);
  });

  it('inverts exactly: worldToIndex(indexToWorld(i)) = i', () => {
    const back = worldToIndex(oblique, indexToWorld(oblique, [2.5, -1, 7.25]));
    expect(back[0]).toBeCloseTo(2.5, 10);
    expect(back[1]).toBeCloseTo(-1, 10);
    expect(back[2]).toBeCloseTo(7.25, 10);
  });
});

describe('bounding boxes and crops', () => {
  function maskWith(points: Vec3[], label = 1): Image3D<Uint8Array> {
    const m = grid([1, 1, 2], { origin: [100, 200, 300] }) as Image3D<Uint8Array>;
    for (const [x, y, z] of points) m.data[x + y * 8 + z * 48] = label;
    return m;
  }

  it('finds the inclusive box of a label and nothing for an absent one', () => {
    const mask = maskWith([[2, 1, 1], [4, 3, 2]]);
    expect(maskBoundingBox(mask, 1)).toEqual({ lower: [2, 1, 1], upper: [4, 3, 2] });
    expect(maskBoundingBox(mask, 2)).toBeUndefined();
    expect(maskBoundingBox(maskWith([[7, 5, 3]], 3))).toEqual({ lower: [7, 5, 3], upper: [7, 5, 3] });
  });

  it('gives the box of runs that wrap into the next row and slice as a voxel-by-voxel scan does', () => {
    const [sx, sy, sz] = [5, 4, 3];
    let seed = 7;
    for (let trial = 0; trial < 200; trial++) {
      const data = new Int16Array(sx * sy * sz);
      // A few runs of label 2 at random places and lengths (some crossing row and slice ends), label 1 elsewhere.
      for (let r = 0; r < 1 + (trial % 3); r++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const start = seed % data.length;
        data.fill(2, start, Math.min(data.length, start + 1 + (seed >>> 8) % 9));
      }
      data[(seed >>> 4) % data.length] = 1;
      const lower = [sx, sy, sz], upper = [-1, -1, -1];
      for (let i = 0; i < data.length; i++) {
        if (data[i] !== 2) continue;
        const c = [i % sx, Math.floor(i / sx) % sy, Math.floor(i / (sx * sy))];
        for (let a = 0; a < 3; a++) { lower[a] = Math.min(lower[a], c[a]); upper[a] = Math.max(upper[a], c[a]); }
      }
      const expected = upper[0] < 0 ? undefined : { lower, upper };
      expect(maskBoundingBox({ size: [sx, sy, sz], data }, 2)).toEqual(expected);
      // Every non-zero voxel: label 2 and the one voxel of label 1.
      const one = data.indexOf(1);
      const c = [one % sx, Math.floor(one / sx) % sy, Math.floor(one / (sx * sy))];
      const all = expected ?? { lower: c, upper: c };
      expect(maskBoundingBox({ size: [sx, sy, sz], data })).toEqual({
        lower: all.lower.map((v, a) => Math.min(v, c[a])), upper: all.upper.map((v, a) => Math.max(v, c[a])),
      });
    }
  });

  it('pads the box and clamps it to the image', () => {
    expect(padBoundingBox({ lower: [1, 1, 1], upper: [6, 4, 2] }, 2, [8, 6, 4])).toEqual({ lower: [0, 0, 0], upper: [7, 5, 3] });
  });

  it('crops keeping every voxel at its world position', () => {
    const image = grid([1, 1, 2], { origin: [100, 200, 300] });
    image.data = new Uint8Array(192).map((_, i) => i);
    const crop = cropImage(image, { lower: [2, 1, 1], upper: [4, 3, 2] });
    expect(crop.size).toEqual([3, 3, 2]);
    expect(crop.origin).toEqual([102, 201, 302]);
    expect(crop.data[0]).toBe(2 + 8 + 48);
    expect(crop.data[crop.data.length - 1]).toBe(4 + 3 * 8 + 2 * 48);
  });

  it('crops image and mask to the label with padding, and says so when the label is absent', () => {
    const mask = maskWith([[3, 2, 1]]);
    const image = grid([1, 1, 2]);
    const out = cropToMask(image, mask, { pad: 1 });
    expect(out.mask.size).toEqual([3, 3, 3]);
    expect(out.mask.data[13]).toBe(1);
    expect(() => cropToMask(image, mask, { label: 4, where: { site: 'east', caseId: 'e-1' } })).toThrow(EmptyRegionError);
  });
});
