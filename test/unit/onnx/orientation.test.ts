import { describe, expect, it } from 'vitest';
import { indexToWorld } from '../../../core/image/geometry.js';
import type { Image3D, Vec3 } from '../../../core/image/image.js';
import { orientationCode, reorient } from '../../../core/onnx/orientation.js';

// The brainchop T1's direction (FreeSurfer conformed), LPS row-major.
const LIA = [1, 0, 0, 0, 0, -1, 0, -1, 0];

function image(direction: number[]): Image3D<Int16Array> {
  const size: Vec3 = [5, 4, 3];
  return { size, spacing: [1, 2, 3], origin: [10, -20, 30], direction, data: Int16Array.from({ length: 60 }, (_, i) => i) };
}

describe('orientation codes and reorientation', () => {
  it('names axes the way nibabel does', () => {
    expect(orientationCode(LIA)).toBe('LIA');
    expect(orientationCode([-1, 0, 0, 0, -1, 0, 0, 0, 1])).toBe('RAS');
    expect(orientationCode([1, 0, 0, 0, 1, 0, 0, 0, 1])).toBe('LPS');
    // Slightly oblique: the dominant component decides.
    expect(orientationCode([0.99, 0.1, 0, -0.1, 0.99, 0, 0, 0, 1])).toBe('LPS');
  });

  it('keeps every voxel at its world position when permuting and flipping axes', () => {
    const src = image(LIA);
    const ras = reorient(src, 'RAS');
    expect(orientationCode(ras.direction)).toBe('RAS');
    expect(ras.size).toEqual([5, 3, 4]);
    expect(ras.spacing).toEqual([1, 3, 2]);
    const world = new Map<number, Vec3>();
    for (let z = 0; z < 3; z++) for (let y = 0; y < 4; y++) for (let x = 0; x < 5; x++) world.set(src.data[x + y * 5 + z * 20], indexToWorld(src, [x, y, z]));
    for (let z = 0; z < 4; z++) {
      for (let y = 0; y < 3; y++) {
        for (let x = 0; x < 5; x++) {
          const p = indexToWorld(ras, [x, y, z]);
          const q = world.get(ras.data[x + y * 5 + z * 15])!;
          expect(p.map((v, i) => Math.abs(v - q[i])).every((d) => d < 1e-9)).toBe(true);
        }
      }
    }
  });

  it('returns to the original voxels when reoriented back', () => {
    const src = image(LIA);
    const back = reorient(reorient(src, 'PSR'), 'LIA');
    expect(back.data).toEqual(src.data);
    expect(back.size).toEqual(src.size);
    back.origin.forEach((o, i) => expect(o).toBeCloseTo(src.origin[i], 12));
    expect(back.direction).toEqual(src.direction);
    expect(reorient(src, 'LIA')).toBe(src);
  });
});
