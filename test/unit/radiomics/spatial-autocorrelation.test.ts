import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../core/image/image.js';
import { spatialAutocorrelation } from '../../../plugins/radiomics/shape/spatial-autocorrelation.js';

/** IBSI's definitions, summed over every ordered pair of ROI voxels. */
function bruteForce(mask: Uint8Array, x: Float64Array, size: Vec3, spacing: Vec3): { moran: number; geary: number } {
  const idx = [...mask.keys()].filter((i) => mask[i]);
  const n = idx.length;
  const pos = (i: number) => [(i % size[0]) * spacing[0], (Math.floor(i / size[0]) % size[1]) * spacing[1], Math.floor(i / (size[0] * size[1])) * spacing[2]];
  const mean = idx.reduce((s, i) => s + x[i], 0) / n;
  let w = 0, num = 0, gnum = 0, ss = 0;
  for (const a of idx) {
    ss += (x[a] - mean) ** 2;
    for (const b of idx) {
      if (a === b) continue;
      const [pa, pb] = [pos(a), pos(b)];
      const wab = 1 / Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2]);
      w += wab;
      num += wab * (x[a] - mean) * (x[b] - mean);
      gnum += wab * (x[a] - x[b]) ** 2;
    }
  }
  return { moran: (n / w) * (num / ss), geary: ((n - 1) * gnum) / (2 * w * ss) };
}

describe("Moran's I and Geary's C", () => {
  it('equal the all-pairs sums on random ROIs with anisotropic voxels', () => {
    let s = 11;
    const rnd = () => { s = (s * 1103515245 + 12345) >>> 0; return s / 2 ** 32; };
    for (const size of [[13, 11, 7], [5, 9, 1], [8, 3, 4]] as Vec3[]) {
      const n = size[0] * size[1] * size[2];
      const mask = Uint8Array.from({ length: n }, () => (rnd() < 0.6 ? 1 : 0));
      const x = Float64Array.from({ length: n }, (_, i) => (i % 5) * 3 + rnd() * 10);
      const spacing: Vec3 = [0.7, 1.1, 2.5];
      const fast = spatialAutocorrelation(mask, x, size, spacing);
      const slow = bruteForce(mask, x, size, spacing);
      expect(fast.moran).toBeCloseTo(slow.moran, 10);
      expect(fast.geary).toBeCloseTo(slow.geary, 10);
    }
  });

  it('are undefined (NaN) for a flat ROI', () => {
    const r = spatialAutocorrelation(new Uint8Array(8).fill(1), new Float64Array(8).fill(3), [2, 2, 2], [1, 1, 1]);
    expect(Number.isNaN(r.moran) && Number.isNaN(r.geary)).toBe(true);
  });
});
