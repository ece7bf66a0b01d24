/**
 * `explain.shap`: the SHAP summary of a logistic model across sites. Each site computes exact
 * linear SHAP values (φ_j = β_j·(x_j − μ_j), μ = the training means carried by the model) for its
 * own cases and returns per-feature sums of |φ| and φ; the coordinator pools them into mean |φ|
 * per feature. No per-case value leaves the site.
 */
import { z } from 'zod';
import { definePlugin, type Partial } from '../../core/plugin.js';
import { InvalidInputError } from '../../core/errors.js';
import { siteDesign } from '../train/logistic-newton.js';

export const shapParams = z.object({
  /** The upstream stage whose table holds the model's features. */
  from: z.string(),
  /** The stage that trained the logistic model (features, beta; means when train.lasso). */
  model: z.string(),
  /** @default 'outcome' */
  label: z.string().default('outcome'),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'explain.shap': z.input<typeof shapParams> }
}

export interface ShapSummaryGlobal {
  /** Mean |φ| and mean φ per feature with a non-zero coefficient, over all sites' cases. */
  features: { feature: string; meanAbs: number; mean: number }[];
  n: number;
}

export default definePlugin<typeof shapParams, ShapSummaryGlobal>({
  id: 'explain.shap',
  version: '1.0.0',
  kind: 'federated',
  description: 'Exact linear SHAP at each site, pooled into a per-feature mean |SHAP| summary',
  params: shapParams,
  async local(ctx, params): Promise<Partial> {
    const model = ctx.global(params.model) as { features: string[]; beta: number[]; means?: number[] } | undefined;
    if (!model?.features || !model.beta) throw new InvalidInputError(`stage "${params.model}" has no logistic model`, { site: ctx.site });
    if (!model.means) throw new InvalidInputError(`the model of stage "${params.model}" carries no training means`, { site: ctx.site }, 'Use train.lasso, whose model records them');
    const { design } = await siteDesign(ctx, params.from, params.label, model.features);
    const { x, n, p } = design;
    const sumAbs = new Array<number>(p - 1).fill(0);
    const sum = new Array<number>(p - 1).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 1; j < p; j++) {
        const phi = model.beta[j] * (x[i * p + j] - model.means[j - 1]);
        sumAbs[j - 1] += Math.abs(phi);
        sum[j - 1] += phi;
      }
    }
    let events = 0;
    for (const v of design.y) events += v;
    return { count: n, minCellCount: Math.min(events, n - events), values: { features: model.features, sumAbs, sum } };
  },
  aggregate(partials) {
    const features = partials[0].partial.values.features as string[];
    const n = partials.reduce((a, p) => a + p.partial.count, 0);
    const total = (key: string, j: number) => partials.reduce((a, p) => a + (p.partial.values[key] as number[])[j], 0);
    const rows = features.map((feature, j) => ({ feature, meanAbs: total('sumAbs', j) / n, mean: total('sum', j) / n })).filter((r) => r.meanAbs > 0);
    return { global: { features: rows.sort((a, b) => b.meanAbs - a.meanAbs), n }, done: true };
  },
});
