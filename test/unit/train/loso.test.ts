import { describe, expect, it } from 'vitest';
import { leaveOneSiteOut, trainLasso, validateAtSite } from '../../../plugins/train/external-validation.js';
import { xoshiro128 } from '../../../core/random.js';
import type { Table } from '../../../core/tables/table.js';

function site(n: number, seed: number, shift: number): Table {
  const rand = xoshiro128(seed);
  const a = new Float64Array(n), b = new Float64Array(n), c = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rand() * 2 - 1 + shift;
    b[i] = rand() * 2 - 1;
    c[i] = rand() * 2 - 1;
    y[i] = rand() < 1 / (1 + Math.exp(-(2 * a[i] - b[i]))) ? 1 : 0;
  }
  return { names: ['a', 'b', 'c', 'y'], columns: { a, b, c, y } };
}

describe('leave-one-site-out validation', () => {
  it('trains without each site and validates at it, equal to doing each split by hand', () => {
    const bySite = { north: site(120, 1, 0), south: site(90, 2, 0.3), east: site(100, 3, -0.2) };
    const features = ['a', 'b', 'c'];
    const r = leaveOneSiteOut(bySite, features, 'y', { nfolds: 5 });
    expect(Object.keys(r)).toEqual(['north', 'south', 'east']);
    // By hand for the held-out east site.
    const cols = features.map((f) => Float64Array.from([...bySite.north.columns[f] as Float64Array, ...bySite.south.columns[f] as Float64Array]));
    const y = Float64Array.from([...bySite.north.columns.y as Float64Array, ...bySite.south.columns.y as Float64Array]);
    const { model } = trainLasso(features, cols, y, { nfolds: 5 });
    expect(r.east.model.coefficients).toEqual(model.coefficients);
    expect(r.east.validation.auc).toBe(validateAtSite(model, bySite.east, 'y').auc);
    for (const s of Object.values(r)) {
      expect(s.validation.auc).toBeGreaterThan(0.7);
      expect(s.validation.n).toBe(s === r.north ? 120 : s === r.south ? 90 : 100);
    }
  });
});
