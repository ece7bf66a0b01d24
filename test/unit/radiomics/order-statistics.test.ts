import { describe, expect, it } from 'vitest';
import { valuesAtRanks, valuesAtRanksByLevel } from '../../../plugins/radiomics/order-statistics.js';
import { Prng } from '../../../core/random.js';

/** Ranks first order reads (the percentiles' neighbours) plus the ends. */
function someRanks(n: number): number[] {
  const ranks = [0, n - 1];
  for (const q of [10, 25, 50, 75, 90]) {
    const pos = Math.floor(((n - 1) * q) / 100);
    ranks.push(pos, Math.min(n - 1, pos + 1));
  }
  return ranks;
}

/** Levels as fixed-width binning gives them: monotone in the values. */
function binned(values: Float64Array, width: number): { levels: Uint16Array; nLevels: number } {
  let min = Infinity;
  for (const v of values) min = Math.min(min, v);
  const levels = Uint16Array.from(values, (v) => Math.floor((v - min) / width) + 1);
  return { levels, nLevels: Math.max(...levels) };
}

describe('valuesAtRanks', () => {
  it('gives the values a full sort gives at those ranks, with ties, sorted and reversed input', () => {
    const rng = new Prng(11);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(rng.next() * 400);
      // Few distinct values on some trials (CT integers repeat a lot), continuous values on others.
      let v = Float64Array.from({ length: n }, () => (trial % 2 ? Math.floor(rng.next() * 5) : rng.normal() * 100));
      if (trial % 5 === 0) v = v.sort();
      if (trial % 5 === 1) v = v.sort().reverse();
      const sorted = Float64Array.from(v).sort();
      const ranks = [0, n - 1, Math.floor(n / 2), Math.floor(n / 10), Math.min(n - 1, Math.floor(n / 10) + 1), Math.floor((9 * n) / 10)];
      const got = valuesAtRanks(v, ranks);
      for (const k of ranks) expect(got.get(k)).toBe(sorted[k]);
    }
  });
});

describe('valuesAtRanksByLevel', () => {
  const expectSortedAt = (values: Float64Array, levels: Uint16Array, nLevels: number, ranks: number[]) => {
    const sorted = Float64Array.from(values).sort();
    const got = valuesAtRanksByLevel(values, levels, nLevels, ranks);
    // === rather than toBe: −0 and +0 tie, in the selection as in NumPy's comparisons, so either may come out.
    for (const k of ranks) expect(got.get(k) === sorted[k], `rank ${k}: ${got.get(k)} vs ${sorted[k]}`).toBe(true);
    expect(got.size).toBe(new Set(ranks).size);
  };

  it('gives the values a full sort gives, for continuous values, many ties and bins of one voxel', () => {
    const rng = new Prng(23);
    for (let trial = 0; trial < 120; trial++) {
      const n = 1 + Math.floor(rng.next() * 2000);
      const kind = trial % 3;
      // Continuous, integers with many repeats (CT), a handful of distinct values.
      const values = Float64Array.from({ length: n }, () =>
        kind === 0 ? rng.normal() * 100 : kind === 1 ? Math.round(rng.normal() * 40) : Math.floor(rng.next() * 4));
      const { levels, nLevels } = binned(values, [0.5, 1, 7, 25, 1000][trial % 5]);
      expectSortedAt(values, levels, nLevels, someRanks(n));
    }
  });

  it('handles a single voxel and a flat region', () => {
    expectSortedAt(Float64Array.of(-3.5), Uint16Array.of(1), 1, someRanks(1));
    const flat = new Float64Array(101).fill(42);
    expectSortedAt(flat, new Uint16Array(101).fill(1), 1, someRanks(101));
  });

  it('stays exact when the levels are not monotone in the values, or exceed nLevels', () => {
    const rng = new Prng(7);
    const values = Float64Array.from({ length: 500 }, () => rng.normal());
    const shuffled = Uint16Array.from(values, () => 1 + Math.floor(rng.next() * 10));
    expectSortedAt(values, shuffled, 10, someRanks(500));
    const { levels } = binned(values, 0.1);
    expectSortedAt(values, levels, 3, someRanks(500));
  });
});
