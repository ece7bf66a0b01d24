import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import shap, { shapParams } from '../../../plugins/evaluate/shap-summary-plugin.js';
import { linearShap, shapSummary } from '../../../plugins/train/linear-shap.js';
import { xoshiro128 } from '../../../core/random.js';
import { checkPartial } from '../../../core/federated/privacy-guard.js';
import type { SiteTableContext } from '../../../core/plugin.js';

describe('explain.shap', () => {
  it('pools per-site linear SHAP sums into the same mean |φ| as computing it on the pooled cases', async () => {
    const model = { features: ['a', 'b', 'c'], beta: [0.3, 1.5, 0, -0.7], means: [0.1, 0.2, -0.1] };
    const sites = [['north', 80, 1], ['south', 60, 2]] as const;
    const allPhi: Float64Array[] = [];
    const partials = [];
    for (const [name, n, seed] of sites) {
      const rand = xoshiro128(seed);
      const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => rand() * 2 - 1));
      const y = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
      const ids = Array.from({ length: n }, (_, i) => `${name}-${i}`);
      const ctx: SiteTableContext = {
        site: name, stage: 'shap', log: pino({ level: 'silent' }), signal: new AbortController().signal,
        cases: { names: ['case_id', 'outcome'], columns: { case_id: ids, outcome: y } },
        table: async () => ({ names: ['case_id', 'a', 'b', 'c'], columns: { case_id: ids, a: cols[0], b: cols[1], c: cols[2] } }),
        global: () => model,
      };
      const partial = await shap.local(ctx, shapParams.parse({ from: 'rad', model: 'model' }), null, 0);
      expect(() => checkPartial(partial, { site: name, stage: 'shap', siteCaseCount: n, minCount: 5 })).not.toThrow();
      partials.push({ site: name, partial });
      for (let i = 0; i < n; i++) allPhi.push(linearShap({ intercept: 0.3, coefficients: [1.5, 0, -0.7] }, model.means, cols.map((c) => c[i])).phi);
    }
    const { global } = shap.aggregate(partials, shapParams.parse({ from: 'rad', model: 'model' }), null, 0);
    const pooled = shapSummary(allPhi, model.features).filter((r) => r.meanAbs > 0);
    expect(global.features.map((f) => f.feature).sort()).toEqual(['a', 'c']);
    for (const r of pooled) expect(global.features.find((f) => f.feature === r.feature)!.meanAbs).toBeCloseTo(r.meanAbs, 12);
  });
});
