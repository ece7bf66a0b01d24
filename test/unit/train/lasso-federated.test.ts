import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import lasso, { lassoParams, type LassoGlobal } from '../../../plugins/train/lasso-federated.js';
import { glmnetBinomial } from '../../../plugins/train/glmnet-binomial.js';
import { xoshiro128 } from '../../../core/random.js';
import type { SiteTableContext } from '../../../core/plugin.js';
import type { Table } from '../../../core/tables/table.js';

/** Three sites with different feature distributions and prevalences, from a known logistic model. */
function makeSites() {
  const rand = xoshiro128(11);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-300)) * Math.cos(2 * Math.PI * rand());
  const sites = [
    { name: 'north', n: 120, shift: 0, scale: 1 },
    { name: 'south', n: 90, shift: 0.5, scale: 1.5 },
    { name: 'east', n: 150, shift: -0.3, scale: 0.8 },
  ];
  const truth = [1.2, -0.8, 0, 0, 0.5, 0];
  return sites.map((s) => {
    const X = truth.map(() => new Float64Array(s.n));
    const y = new Float64Array(s.n);
    for (let i = 0; i < s.n; i++) {
      let eta = -0.3 + s.shift;
      truth.forEach((b, j) => {
        X[j][i] = s.shift + s.scale * gauss() + (j === 5 ? 0.7 * X[0][i] : 0);
        eta += b * X[j][i];
      });
      y[i] = rand() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    }
    const ids = Array.from({ length: s.n }, (_, i) => `${s.name}-${i}`);
    const features: Table = { names: ['case_id', ...truth.map((_, j) => `f${j}`)], columns: { case_id: ids, ...Object.fromEntries(X.map((c, j) => [`f${j}`, c])) } };
    const cases: Table = { names: ['case_id', 'outcome'], columns: { case_id: ids, outcome: y } };
    return { name: s.name, X, y, features, cases };
  });
}

const log = pino({ level: 'silent' });
const ctxOf = (s: ReturnType<typeof makeSites>[number]): SiteTableContext => ({
  site: s.name, stage: 'model', cases: s.cases, log, signal: new AbortController().signal,
  table: async () => s.features,
  global: () => { throw new Error('no upstream global'); },
});

async function runFederated(params: ReturnType<typeof lassoParams.parse>, sites: ReturnType<typeof makeSites>): Promise<LassoGlobal> {
  let global: LassoGlobal | null = null;
  for (let round = 0; round < 200; round++) {
    const partials = [];
    for (const s of sites) partials.push({ site: s.name, partial: await lasso.local(ctxOf(s), params, global, round) });
    // Partials are aggregates: no array as long as the site's row count.
    for (const { partial } of partials) for (const v of Object.values(partial.values)) if (Array.isArray(v)) expect(v.length).toBeLessThan(partial.count);
    const r = lasso.aggregate(partials, params, global, round);
    global = r.global;
    if (r.done) return r.global;
  }
  throw new Error('did not finish');
}

describe('train.lasso (federated elastic-net logistic regression)', () => {
  it('equals the pooled glmnet fit to 1e-6 over three sites, for the lasso and the elastic net', async () => {
    const sites = makeSites();
    const pooledX = sites[0].X.map((_, j) => Float64Array.from(sites.flatMap((s) => Array.from(s.X[j]))));
    const pooledY = Float64Array.from(sites.flatMap((s) => Array.from(s.y)));
    for (const alpha of [1, 0.5]) {
      const params = lassoParams.parse({ from: 'rad', lambdaFraction: 0.1, alpha });
      const g = await runFederated(params, sites);
      expect(g.converged).toBe(true);
      const pooled = glmnetBinomial(pooledX, pooledY, { alpha, lambda: [g.lambda], thresh: 1e-20 });
      expect(Math.abs(g.beta[0] - pooled.a0[0])).toBeLessThan(1e-6);
      pooled.beta[0].forEach((b, j) => expect(Math.abs(g.beta[j + 1] - b)).toBeLessThan(1e-6));
      // The penalty is doing something: some coefficients are exactly zero for the lasso.
      if (alpha === 1) expect(g.selected.length).toBeLessThan(6);
      // λ_max from pooled sums equals glmnet's.
      const path = glmnetBinomial(pooledX, pooledY, { alpha, stopAfter: 1 });
      expect(g.lambda / 0.1).toBeCloseTo(path.lambdaMax, 12);
    }
  });

  it('chooses λ by CV at a single training site and refuses CV across several', async () => {
    const sites = makeSites();
    const params = lassoParams.parse({ from: 'rad', lambda: 'lambda.1se', nfolds: 5 });
    const g = await runFederated(params, [sites[2]]);
    expect(g.lambdaRule).toBe('lambda.1se');
    expect(g.cv!.lambda1se).toBe(g.lambda);
    await expect(runFederated(params, sites)).rejects.toThrow(/one training site/);
  });
});
