import { describe, expect, it } from 'vitest';
import plugin, { fitLogistic, type LogisticModel } from '../../../plugins/train/logistic-newton.js';
import type { Partial, SiteTableContext } from '../../../core/plugin.js';
import { checkPartial } from '../../../core/federated/privacy-guard.js';
import type { Table } from '../../../core/tables/table.js';
import { log } from '../../../core/log.js';

/** Deterministic pseudo-random site data with a known logistic signal. */
function siteTables(site: string, n: number, seed: number): { features: Table; cases: Table } {
  let s = seed;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const ids = Array.from({ length: n }, (_, i) => `${site}-${i}`);
  const f1 = new Float64Array(n), f2 = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    f1[i] = rand() * 4 - 2; f2[i] = rand() * 2 - 1;
    y[i] = rand() < 1 / (1 + Math.exp(-(0.3 + 1.2 * f1[i] - 0.8 * f2[i]))) ? 1 : 0;
  }
  return {
    features: { names: ['case_id', 'f1', 'f2'], columns: { case_id: ids, f1, f2 } },
    cases: { names: ['case_id', 'outcome'], columns: { case_id: ids, outcome: y } },
  };
}

function ctxFor(site: string, t: ReturnType<typeof siteTables>): SiteTableContext {
  return { site, stage: 'model', cases: t.cases, table: async () => t.features, global: () => null, log, signal: new AbortController().signal };
}

describe('federated Newton logistic regression', () => {
  it('equals the pooled fit to 1e-8 and never sends a per-case array', async () => {
    const sites = { a: siteTables('a', 60, 1), b: siteTables('b', 45, 2), c: siteTables('c', 80, 3) };
    const params = plugin.params.parse({ from: 'rad' });
    let global: LogisticModel | null = null;
    for (let round = 0; round < 50; round++) {
      const partials: { site: string; partial: Partial }[] = [];
      for (const [site, t] of Object.entries(sites)) {
        const partial = await plugin.local(ctxFor(site, t), params, global, round);
        checkPartial(partial, { site, stage: 'model', siteCaseCount: t.cases.columns.case_id.length, minCount: 5 });
        partials.push({ site, partial });
      }
      const r = plugin.aggregate(partials, params, global, round);
      global = r.global;
      if (r.done) break;
    }
    const all = Object.values(sites);
    const n = all.reduce((a, t) => a + t.cases.columns.case_id.length, 0);
    const x = new Float64Array(n * 3), y = new Float64Array(n);
    let i = 0;
    for (const t of all) for (let r = 0; r < t.cases.columns.case_id.length; r++, i++) {
      x[i * 3] = 1; x[i * 3 + 1] = (t.features.columns.f1 as Float64Array)[r]; x[i * 3 + 2] = (t.features.columns.f2 as Float64Array)[r];
      y[i] = (t.cases.columns.outcome as Float64Array)[r];
    }
    const pooled = fitLogistic({ x, y, n, p: 3 });
    expect(global!.converged).toBe(true);
    pooled.beta.forEach((b, j) => expect(Math.abs(b - global!.beta[j])).toBeLessThan(1e-8));
  });
});
