/**
 * `evaluate.auc`: each site scores its own cases with the global logistic model and returns its
 * AUC with the DeLong variance and class counts — metrics only, no scores leave the site.
 */
import { z } from 'zod';
import { definePlugin } from '../../core/plugin.js';
import { siteDesign, type LogisticModel } from '../train/logistic-newton.js';
import { delongAuc, delongCi, splitByLabel } from './delong.js';
import type { SiteValidation } from '../report/report-data.js';

export const siteAucParams = z.object({
  /** The upstream stage whose table holds the features the model uses. */
  from: z.string(),
  /** The stage that trained the model (train.logistic). */
  model: z.string(),
  /** The 0/1 outcome column of cases.csv. @default 'outcome' */
  label: z.string().default('outcome'),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'evaluate.auc': z.input<typeof siteAucParams> }
}

/** The AUC part of the per-site validation shape that `evaluate.external` and the report share. */
export type SiteAuc = Pick<SiteValidation, 'n' | 'events' | 'auc' | 'aucCi' | 'aucVariance'>;

export default definePlugin({
  id: 'evaluate.auc',
  version: '1.0.0',
  kind: 'federated',
  description: 'Scores each site\'s cases with the global model; returns AUC with DeLong CI and counts',
  params: siteAucParams,
  async local(ctx, params) {
    const model = ctx.global(params.model) as LogisticModel;
    const { design } = await siteDesign(ctx, params.from, params.label, model.features);
    const scores = new Float64Array(design.n);
    for (let i = 0; i < design.n; i++) {
      let eta = 0;
      for (let j = 0; j < design.p; j++) eta += design.x[i * design.p + j] * model.beta[j];
      scores[i] = eta;
    }
    const { cases, controls } = splitByLabel(design.y, scores);
    const d = delongAuc(cases, controls, '<');
    return {
      count: design.n,
      minCellCount: Math.min(cases.length, controls.length),
      values: { n: design.n, events: cases.length, auc: d.auc, aucCi: delongCi(d), aucVariance: d.variance },
    };
  },
  aggregate(partials) {
    const sites: Record<string, SiteAuc> = {};
    for (const { site, partial } of partials) {
      const v = partial.values;
      sites[site] = { n: v.n as number, events: v.events as number, auc: v.auc as number, aucCi: v.aucCi as [number, number], aucVariance: v.aucVariance as number };
    }
    return { global: { sites }, done: true };
  },
});
