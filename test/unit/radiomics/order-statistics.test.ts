import { describe, expect, it } from 'vitest';
import { valuesAtRanks } from '../../../plugins/radiomics/order-statistics.js';
import { Prng } from '../../../core/random.js';

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
