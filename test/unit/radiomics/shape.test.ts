import { describe, expect, it } from 'vitest';
import { convexHullVertices, maxSquaredDistance } from '../../../plugins/radiomics/shape/convex-hull.js';
import { marchingCubes } from '../../../plugins/radiomics/shape/mesh.js';
import { shapeFeatures } from '../../../plugins/radiomics/shape/shape3d.js';
import type { Vec3 } from '../../../core/image/image.js';

function ball(n: number, r: number): Uint8Array {
  const m = new Uint8Array(n * n * n);
  const c = (n - 1) / 2;
  for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    if ((x - c) ** 2 + (y - c) ** 2 + (z - c) ** 2 <= r * r) m[x + y * n + z * n * n] = 1;
  }
  return m;
}

/** A deterministic random blob (seeded LCG). */
function blob(size: Vec3, fill: number, seed: number): Uint8Array {
  const m = new Uint8Array(size[0] * size[1] * size[2]);
  let s = seed;
  for (let i = 0; i < m.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    m[i] = s / 2 ** 32 < fill ? 1 : 0;
  }
  return m;
}

describe('3D shape', () => {
  it('gives a ball a mesh volume and area close to the sphere it samples', () => {
    const m = ball(31, 12);
    const f = shapeFeatures(m, [31, 31, 31], [1, 1, 1], ['MeshVolume', 'SurfaceArea', 'Sphericity', 'Maximum3DDiameter']);
    expect(f.MeshVolume / ((4 / 3) * Math.PI * 12 ** 3)).toBeCloseTo(1, 1);
    expect(f.Sphericity).toBeGreaterThan(0.85);
    expect(f.Maximum3DDiameter).toBeGreaterThan(24);
    expect(f.Maximum3DDiameter).toBeLessThan(26);
  });

  it('finds the same maximum diameter through the convex hull as by comparing every vertex pair', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const size: Vec3 = [9, 7, 6];
      const spacing: Vec3 = [0.7, 1.1, 2.5];
      const mesh = marchingCubes(blob(size, 0.3, seed), size, spacing);
      const half: Vec3 = [spacing[0] / 2, spacing[1] / 2, spacing[2] / 2];
      const all = Array.from({ length: mesh.vertices.length / 3 }, (_, i) => i);
      const hull = convexHullVertices(mesh.vertices)!;
      expect(hull.length).toBeLessThan(all.length);
      expect(maxSquaredDistance(mesh.vertices, hull, half)).toBe(maxSquaredDistance(mesh.vertices, all, half));
    }
  });

  it('gives a single voxel six mesh vertices, the octahedron between its face centres', () => {
    const mesh = marchingCubes(Uint8Array.from([1]), [1, 1, 1], [2, 2, 2]);
    expect(mesh.vertices.length / 3).toBe(6);
    expect(mesh.volume).toBeCloseTo((4 / 3) * 1, 10);
  });

  it('does not depend on how much empty margin surrounds the mask', () => {
    const m = blob([6, 6, 6], 0.5, 7);
    const padded = new Uint8Array(10 * 10 * 10);
    for (let z = 0; z < 6; z++) for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) padded[x + 2 + (y + 2) * 10 + (z + 2) * 100] = m[x + y * 6 + z * 36];
    const a = shapeFeatures(m, [6, 6, 6], [1, 1, 1]);
    const b = shapeFeatures(padded, [10, 10, 10], [1, 1, 1]);
    expect(b).toEqual(a);
  });
});
