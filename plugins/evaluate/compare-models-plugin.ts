/**
 * `evaluate.compare`: the feature-set comparison table of radiomics papers. At every listed site,
 * each named model (e.g. clinical, radiomic, fused — each a train.lasso / train.logistic stage on
 * its own feature table) scores the site's own cases; the site returns each model's AUC with
 * DeLong CI and the paired DeLong test of every pair (same cases, so the test is paired).
 * Only these statistics leave the site.
 */
import { z } from 'zod';
import { definePlugin, type Partial } from '../../core/plugin.js';
import { InvalidInputError } from '../../core/errors.js';
import { joinOnCaseId } from '../../core/tables/join.js';
import type { Table } from '../../core/tables/table.js';
import { delongAuc, delongCi, delongPairedTest, splitByLabel } from './delong.js';

export const compareParams = z.object({
  /** Model stage → the stage whose table holds that model's features. */
  models: z.record(z.string(), z.string()),
  /** @default 'outcome' */
  label: z.string().default('outcome'),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'evaluate.compare': z.input<typeof compareParams> }
}

export interface ModelComparison {
  models: Record<string, { auc: number; ci: [number, number] }>;
  pairs: { a: string; b: string; difference: number; z: number; pValue: number; ci: [number, number] }[];
  n: number;
  events: number;
}

export default definePlugin<typeof compareParams, { sites: Record<string, ModelComparison> }>({
  id: 'evaluate.compare',
  version: '1.0.0',
  kind: 'federated',
  description: 'Per site: AUC with DeLong CI of several models on the same cases, and paired DeLong tests between them',
  params: compareParams,
  async local(ctx, params): Promise<Partial> {
    const names = Object.keys(params.models);
    if (names.length < 2) throw new InvalidInputError('evaluate.compare needs at least two models', { site: ctx.site });
    // Cases present in every model's feature table and with a label: the paired design needs the same cases.
    let joined: Table = ctx.cases;
    const tables: Record<string, Table> = {};
    for (const m of names) {
      tables[m] = await ctx.table(params.models[m]);
      joined = joinOnCaseId({ names: ['case_id'], columns: { case_id: tables[m].columns.case_id } }, joined);
    }
    const y = joined.columns[params.label];
    if (!(y instanceof Float64Array)) throw new InvalidInputError(`cases.csv has no numeric outcome "${params.label}"`, { site: ctx.site });
    const scores: Record<string, Float64Array> = {};
    for (const m of names) {
      const model = ctx.global(m) as { features: string[]; beta: number[] } | undefined;
      if (!model?.features) throw new InvalidInputError(`stage "${m}" has no logistic model`, { site: ctx.site });
      const t = joinOnCaseId({ names: ['case_id'], columns: { case_id: joined.columns.case_id } }, tables[m]);
      const eta = new Float64Array(y.length).fill(model.beta[0]);
      model.features.forEach((f, j) => {
        const c = t.columns[f];
        if (!(c instanceof Float64Array)) throw new InvalidInputError(`model ${m} needs feature "${f}"`, { site: ctx.site });
        for (let i = 0; i < eta.length; i++) eta[i] += model.beta[j + 1] * c[i];
      });
      scores[m] = eta;
    }
    const d = Object.fromEntries(names.map((m) => {
      const { cases, controls } = splitByLabel(y, scores[m]);
      return [m, delongAuc(cases, controls)];
    }));
    const values: Partial['values'] = { models: names };
    names.forEach((m, k) => {
      values[`auc_${k}`] = [d[m].auc, ...delongCi(d[m])];
    });
    const pairs: number[][] = [];
    for (let a = 0; a < names.length; a++) for (let b = a + 1; b < names.length; b++) {
      const t = delongPairedTest(d[names[a]], d[names[b]]);
      pairs.push([a, b, t.difference, t.z, t.pValue, t.ci[0], t.ci[1]]);
    }
    values.pairs = pairs;
    const events = d[names[0]].nCases;
    return { count: y.length, minCellCount: Math.min(events, y.length - events), values: { ...values, n: y.length, events } };
  },
  aggregate(partials) {
    const sites: Record<string, ModelComparison> = {};
    for (const { site, partial } of partials) {
      const v = partial.values;
      const names = v.models as string[];
      sites[site] = {
        n: v.n as number,
        events: v.events as number,
        models: Object.fromEntries(names.map((m, k) => {
          const [auc, lo, hi] = v[`auc_${k}`] as number[];
          return [m, { auc, ci: [lo, hi] as [number, number] }];
        })),
        pairs: (v.pairs as number[][]).map(([a, b, difference, z, pValue, lo, hi]) => ({ a: names[a], b: names[b], difference, z, pValue, ci: [lo, hi] as [number, number] })),
      };
    }
    return { global: { sites }, done: true };
  },
});
