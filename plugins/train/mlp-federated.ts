/**
 * `train.mlp`: a small neural network trained across sites by FedAvg (McMahan et al. 2017) or
 * FedProx (Li et al. 2020, proximal term μ/2‖w − w_global‖² in each site's objective). Each round
 * every site runs `localSteps` full-batch gradient steps from the global weights on its own
 * standardized rows and returns its weights; the coordinator averages them by case count.
 * Round 0 pools feature sums for the global standardization. Weights are aggregates of a
 * site's data, never per-case values; the privacy guard still sees only fixed-length arrays.
 */
import { z } from 'zod';
import { definePlugin, type Partial } from '../../core/plugin.js';
import { featureNames } from '../../core/tables/join.js';
import { siteDesign } from './logistic-newton.js';
import { initMlp, mlpGradient, mlpLocalTrain, type MlpShape } from './mlp.js';

export const mlpParams = z.object({
  /** The upstream stage whose table holds the features. */
  from: z.string(),
  /** @default 'outcome' */
  label: z.string().default('outcome'),
  /** Regular expression selecting feature columns. @default every numeric column */
  features: z.string().optional(),
  /** Hidden units. @default 8 */
  hidden: z.number().int().min(1).default(8),
  /** 'fedavg' or 'fedprox'. @default 'fedavg' */
  algorithm: z.enum(['fedavg', 'fedprox']).default('fedavg'),
  /** FedProx proximal weight μ. @default 0.01 */
  mu: z.number().min(0).default(0.01),
  /** Local full-batch gradient steps per round. @default 5 */
  localSteps: z.number().int().min(1).default(5),
  /** @default 0.5 */
  learningRate: z.number().positive().default(0.5),
  /** Communication rounds after the standardization round. @default 30 */
  rounds: z.number().int().min(1).default(30),
  /** @default 1 */
  seed: z.number().int().default(1),
  /**
   * Clustered federated learning: after the first training round, sites are grouped by the
   * cosine similarity of their weight updates (average-linkage agglomeration) and each group
   * trains its own model from then on. 1 = one global model. @default 1
   */
  clusters: z.number().int().min(1).default(1),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'train.mlp': z.input<typeof mlpParams> }
}

export interface MlpGlobal {
  features: string[];
  shape: MlpShape;
  means: number[];
  sds: number[];
  weights: number[];
  round: number;
  /** Mean training log-loss at the start of each round (from the sites' sums). */
  lossHistory: number[];
  /** Clustered FL: the cluster of each site and one weight vector per cluster. */
  assignment?: Record<string, number>;
  clusterWeights?: number[][];
}

/** Groups sites by cosine similarity of their updates, average linkage, into k clusters. */
export function clusterUpdates(updates: number[][], k: number): number[] {
  const m = updates.length;
  const norm = updates.map((u) => Math.sqrt(u.reduce((a, v) => a + v * v, 0)) || 1);
  const sim = (a: number, b: number) => updates[a].reduce((s, v, i) => s + v * updates[b][i], 0) / (norm[a] * norm[b]);
  let groups = Array.from({ length: m }, (_, i) => [i]);
  while (groups.length > k) {
    let best = { s: -Infinity, a: 0, b: 1 };
    for (let a = 0; a < groups.length; a++) for (let b = a + 1; b < groups.length; b++) {
      let s = 0;
      for (const i of groups[a]) for (const j of groups[b]) s += sim(i, j);
      s /= groups[a].length * groups[b].length;
      if (s > best.s) best = { s, a, b };
    }
    groups[best.a] = [...groups[best.a], ...groups[best.b]];
    groups = groups.filter((_, g) => g !== best.b);
  }
  const out = new Array<number>(m).fill(0);
  groups.sort((x, y) => Math.min(...x) - Math.min(...y)).forEach((g, c) => g.forEach((i) => (out[i] = c)));
  return out;
}

async function siteData(ctx: Parameters<(typeof plugin)['local']>[0], params: z.infer<typeof mlpParams>, features: string[] | null) {
  const wanted = features ?? featureNames(await ctx.table(params.from), { pattern: params.features, exclude: [params.label] });
  const { design } = await siteDesign(ctx, params.from, params.label, wanted);
  const { x, y, n, p } = design;
  const columns = wanted.map((_, j) => Float64Array.from({ length: n }, (_, i) => x[i * p + j + 1]));
  let events = 0;
  for (const v of y) events += v;
  return { columns, y, n, features: wanted, minCell: Math.min(events, n - events) };
}

const plugin = definePlugin<typeof mlpParams, MlpGlobal>({
  id: 'train.mlp',
  version: '1.0.0',
  kind: 'federated',
  description: 'One-hidden-layer network trained across sites by FedAvg or FedProx',
  params: mlpParams,
  async local(ctx, params, global): Promise<Partial> {
    const d = await siteData(ctx, params, global?.features ?? null);
    if (!global) {
      return {
        count: d.n, minCellCount: d.minCell,
        values: { features: d.features, sumX: d.columns.map((c) => c.reduce((a, v) => a + v, 0)), sumX2: d.columns.map((c) => c.reduce((a, v) => a + v * v, 0)) },
      };
    }
    const cols = d.columns.map((c, j) => Float64Array.from(c, (v) => (global.sds[j] > 0 ? (v - global.means[j]) / global.sds[j] : 0)));
    const w = Float64Array.from(global.assignment && global.clusterWeights ? global.clusterWeights[global.assignment[ctx.site]] : global.weights);
    const { loss } = mlpGradient(global.shape, w, cols, d.y);
    const next = mlpLocalTrain(global.shape, w, cols, d.y, { steps: params.localSteps, learningRate: params.learningRate, mu: params.algorithm === 'fedprox' ? params.mu : 0 });
    return { count: d.n, minCellCount: d.minCell, values: { weights: Array.from(next), loss } };
  },
  aggregate(partials, params, previous, round): { global: MlpGlobal; done: boolean } {
    const N = partials.reduce((a, p) => a + p.partial.count, 0);
    if (!previous) {
      const features = partials[0].partial.values.features as string[];
      const means = features.map((_, j) => partials.reduce((a, p) => a + (p.partial.values.sumX as number[])[j], 0) / N);
      const sds = features.map((_, j) => Math.sqrt(Math.max(partials.reduce((a, p) => a + (p.partial.values.sumX2 as number[])[j], 0) / N - means[j] ** 2, 0)));
      const shape = { inputs: features.length, hidden: params.hidden };
      return { global: { features, shape, means, sds, weights: Array.from(initMlp(shape, params.seed)), round: 0, lossHistory: [] }, done: false };
    }
    const average = (members: typeof partials) => {
      const total = members.reduce((a, p) => a + p.partial.count, 0);
      const avg = new Array<number>(previous.weights.length).fill(0);
      for (const { partial } of members) (partial.values.weights as number[]).forEach((v, k) => (avg[k] += (partial.count / total) * v));
      return avg;
    };
    const loss = partials.reduce((a, p) => a + (p.partial.values.loss as number), 0);
    const global: MlpGlobal = { ...previous, weights: average(partials), round, lossHistory: [...previous.lossHistory, loss / N] };
    if (params.clusters > 1 && partials.length > 1) {
      // Assign once, from the first round's updates relative to the shared initial weights.
      const assignment = previous.assignment ?? Object.fromEntries(
        clusterUpdates(partials.map((p) => (p.partial.values.weights as number[]).map((v, k) => v - previous.weights[k])), Math.min(params.clusters, partials.length)).map((c, i) => [partials[i].site, c]),
      );
      const k = Math.max(...Object.values(assignment)) + 1;
      global.assignment = assignment;
      global.clusterWeights = Array.from({ length: k }, (_, c) => average(partials.filter((p) => assignment[p.site] === c)));
    }
    return { global, done: round >= params.rounds };
  },
});

export default plugin;
