import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import mlp, { mlpParams, type MlpGlobal } from '../../../plugins/train/mlp-federated.js';
import { initMlp, mlpLocalTrain, mlpPredict } from '../../../plugins/train/mlp.js';
import { xoshiro128 } from '../../../core/random.js';
import { aucFromLabels } from '../../../plugins/evaluate/auc-fast.js';
import type { SiteTableContext } from '../../../core/plugin.js';

function makeSite(name: string, n: number, seed: number, shift: number) {
  const rand = xoshiro128(seed);
  const X = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X.forEach((c) => (c[i] = rand() * 4 - 2 + shift));
    y[i] = rand() < 1 / (1 + Math.exp(-(2 * Math.sin(X[0][i]) + X[1][i] * X[2][i] * 0.5))) ? 1 : 0;
  }
  const ids = Array.from({ length: n }, (_, i) => `${name}-${i}`);
  const ctx: SiteTableContext = {
    site: name, stage: 'mlp', log: pino({ level: 'silent' }), signal: new AbortController().signal,
    cases: { names: ['case_id', 'outcome'], columns: { case_id: ids, outcome: y } },
    table: async () => ({ names: ['case_id', 'a', 'b', 'c'], columns: { case_id: ids, a: X[0], b: X[1], c: X[2] } }),
    global: () => undefined,
  };
  return { name, X, y, ctx };
}

async function run(params: ReturnType<typeof mlpParams.parse>, sites: ReturnType<typeof makeSite>[]): Promise<MlpGlobal> {
  let global: MlpGlobal | null = null;
  for (let round = 0; ; round++) {
    const partials = [];
    for (const s of sites) partials.push({ site: s.name, partial: await mlp.local(s.ctx, params, global, round) });
    const r = mlp.aggregate(partials, params, global, round);
    global = r.global;
    if (r.done) return r.global;
  }
}

describe('train.mlp (FedAvg / FedProx)', () => {
  const sites = [makeSite('north', 150, 1, 0), makeSite('south', 100, 2, 0.4), makeSite('east', 120, 3, -0.3)];

  it('with one local full-batch step per round, FedAvg is exactly centralized gradient descent on the pooled data', async () => {
    const params = mlpParams.parse({ from: 'rad', hidden: 4, localSteps: 1, rounds: 6, learningRate: 0.3, seed: 7 });
    const g = await run(params, sites);
    // Centralized: same standardization, same initial weights, 6 full-batch steps on the pooled rows.
    const pooled = [0, 1, 2].map((j) => Float64Array.from(sites.flatMap((s) => Array.from(s.X[j]))));
    const y = Float64Array.from(sites.flatMap((s) => Array.from(s.y)));
    const cols = pooled.map((c, j) => Float64Array.from(c, (v) => (v - g.means[j]) / g.sds[j]));
    const w = mlpLocalTrain(g.shape, initMlp(g.shape, 7), cols, y, { steps: 6, learningRate: 0.3 });
    w.forEach((v, k) => expect(Math.abs(v - g.weights[k])).toBeLessThan(1e-12));
  });

  it('FedAvg and FedProx with several local steps lower the training loss and learn a non-linear signal', async () => {
    for (const algorithm of ['fedavg', 'fedprox'] as const) {
      const g = await run(mlpParams.parse({ from: 'rad', hidden: 8, algorithm, mu: 0.05, localSteps: 5, rounds: 40, learningRate: 0.5 }), sites);
      expect(g.lossHistory[g.lossHistory.length - 1]).toBeLessThan(g.lossHistory[0] - 0.05);
      const test = makeSite('test', 400, 99, 0);
      const cols = test.X.map((c, j) => Float64Array.from(c, (v) => (v - g.means[j]) / g.sds[j]));
      expect(aucFromLabels(test.y, mlpPredict(g.shape, Float64Array.from(g.weights), cols))).toBeGreaterThan(0.7);
    }
  });
});

describe('clustered federated learning', () => {
  /** Sites where the outcome rises with x (group A) or falls with it (group B). */
  function signedSite(name: string, n: number, seed: number, sign: number) {
    const s = makeSite(name, n, seed, 0);
    const rand = xoshiro128(seed + 100);
    for (let i = 0; i < n; i++) s.y[i] = rand() < 1 / (1 + Math.exp(-3 * sign * s.X[0][i])) ? 1 : 0;
    return s;
  }

  it('groups sites whose updates point the same way and gives each group a model that fits it', async () => {
    const sites = [signedSite('a1', 120, 11, 1), signedSite('b1', 120, 12, -1), signedSite('a2', 100, 13, 1), signedSite('b2', 110, 14, -1)];
    const clustered = await run(mlpParams.parse({ from: 'rad', hidden: 4, clusters: 2, localSteps: 5, rounds: 25, learningRate: 0.5 }), sites);
    expect(clustered.assignment).toEqual({ a1: 0, b1: 1, a2: 0, b2: 1 });
    const single = await run(mlpParams.parse({ from: 'rad', hidden: 4, localSteps: 5, rounds: 25, learningRate: 0.5 }), sites);
    for (const s of sites) {
      const cols = s.X.map((c, j) => Float64Array.from(c, (v) => (v - clustered.means[j]) / clustered.sds[j]));
      const own = mlpPredict(clustered.shape, Float64Array.from(clustered.clusterWeights![clustered.assignment![s.name]]), cols);
      const shared = mlpPredict(single.shape, Float64Array.from(single.weights), cols);
      expect(aucFromLabels(s.y, own)).toBeGreaterThan(0.85);
      expect(aucFromLabels(s.y, own)).toBeGreaterThan(aucFromLabels(s.y, shared) + 0.1);
    }
  });
});
