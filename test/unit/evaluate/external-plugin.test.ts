import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import external, { externalParams } from '../../../plugins/evaluate/external-validation-plugin.js';
import { checkPartial } from '../../../core/federated/privacy-guard.js';
import { evaluateBinary } from '../../../plugins/evaluate/evaluate-binary.js';
import { xoshiro128 } from '../../../core/random.js';
import type { SiteTableContext } from '../../../core/plugin.js';

function siteContext(name: string, n: number, seed: number, model: unknown): { ctx: SiteTableContext; x: Float64Array[]; y: Float64Array } {
  const rand = xoshiro128(seed);
  const x = [new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[0][i] = rand() * 4 - 2;
    x[1][i] = rand() * 2;
    y[i] = rand() < 1 / (1 + Math.exp(-(0.3 + 1.2 * x[0][i] - 0.5 * x[1][i]))) ? 1 : 0;
  }
  const ids = Array.from({ length: n }, (_, i) => `${name}-${i}`);
  const ctx: SiteTableContext = {
    site: name, stage: 'validate', log: pino({ level: 'silent' }), signal: new AbortController().signal,
    cases: { names: ['case_id', 'outcome'], columns: { case_id: ids, outcome: y } },
    table: async () => ({ names: ['case_id', 'a', 'b'], columns: { case_id: ids, a: x[0], b: x[1] } }),
    global: (stage) => (stage === 'model' ? model : undefined),
  };
  return { ctx, x, y };
}

describe('evaluate.external', () => {
  it('returns each site’s validation statistics, equal to evaluating the scores centrally, and passes the privacy guard', async () => {
    const model = { features: ['a', 'b'], beta: [0.2, 1.1, -0.4], threshold: 0.45 };
    const params = externalParams.parse({ from: 'rad', model: 'model', bootstrap: 100 });
    const partials = [];
    for (const [name, n, seed] of [['south', 120, 3], ['east', 90, 4]] as const) {
      const { ctx, x, y } = siteContext(name, n, seed, model);
      const partial = await external.local(ctx, params, null, 0);
      expect(() => checkPartial(partial, { site: name, stage: 'validate', siteCaseCount: n, minCount: 5 })).not.toThrow();
      const p = Float64Array.from(y, (_, i) => 1 / (1 + Math.exp(-(0.2 + 1.1 * x[0][i] - 0.4 * x[1][i]))));
      const central = evaluateBinary(y, p, { threshold: 0.45 });
      expect(partial.values.auc).toBeCloseTo(central.auc, 14);
      expect(partial.values.brier).toBeCloseTo(central.brier!, 14);
      partials.push({ site: name, partial });
    }
    const { global, done } = external.aggregate(partials, params, null, 0);
    expect(done).toBe(true);
    expect(Object.keys(global.sites)).toEqual(['south', 'east']);
    const s = global.sites.south;
    expect(s.n).toBe(120);
    expect(s.thresholdMetrics!.threshold).toBe(0.45);
    expect(s.roc![0]).toEqual({ fpr: 0, tpr: expect.any(Number) });
    expect(s.decisionCurve!.length).toBe(99);
    expect(s.bootstrapCi![0]).toBeLessThan(s.auc);
  });

  it('refuses to run without a trained model in the named stage', async () => {
    const { ctx } = siteContext('south', 50, 1, undefined);
    await expect(external.local(ctx, externalParams.parse({ from: 'rad', model: 'model' }), null, 0)).rejects.toThrow(/no logistic model/);
  });
});
