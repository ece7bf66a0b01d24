/**
 * `select.rfe`: recursive feature elimination with a logistic model, federated. Round 1: per-feature
 * moments (pooled mean and sd standardize every site's columns the same way). Then Newton rounds:
 * sites send the gradient and Hessian sums of their rows for the active features at the current
 * coefficients; the coordinator steps, and at convergence drops the `step` smallest |β| and goes on
 * until `keep` features remain. Equals `rfeLogistic` on the pooled rows.
 */
import { z } from 'zod';
import { InvalidInputError, PrivacyViolationError } from '../../core/errors.js';
import { definePlugin, type Partial, type SiteTableContext } from '../../core/plugin.js';
import type { Column } from '../../core/tables/table.js';
import { asText, featureColumns, joinByCaseId } from '../combat/site-table.js';
import { checkComplete } from '../combat/combat.js';
import { logisticGradientHessian, newtonStep } from '../train/logistic-newton.js';
import { computeFeatureMoments, mergeFeatureMoments } from './moments.js';
import { eliminate } from './rfe.js';

export const rfeParams = z.object({
  from: z.string().min(1),
  /** 0/1 outcome column (feature table or cases.csv). */
  label: z.string().default('outcome'),
  features: z.string().optional(),
  exclude: z.array(z.string()).default([]),
  /** Number of features to keep. */
  keep: z.number().int().positive(),
  step: z.number().int().positive().default(1),
  l2: z.number().min(0).default(1e-4),
  tol: z.number().positive().default(1e-10),
  maxIterations: z.number().int().positive().default(50),
  minCount: z.number().int().positive().default(5),
});
export type RfeParams = z.infer<typeof rfeParams>;

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'select.rfe': z.input<typeof rfeParams> }
}

export type RfeState =
  | { phase: 'newton'; features: string[]; mean: number[]; sd: number[]; active: number[]; beta: number[]; iterations: number; eliminated: { feature: string; coefficient: number }[] }
  | { phase: 'done'; features: string[]; selected: string[]; mean: number[]; sd: number[]; beta: number[]; eliminated: { feature: string; coefficient: number }[]; rounds: number };

async function readSite(ctx: SiteTableContext, p: RfeParams) {
  const upstream = await ctx.table(p.from);
  const t = joinByCaseId(upstream, ctx.cases, { site: ctx.site });
  const names = featureColumns(upstream, { features: p.features, exclude: [p.label, ...p.exclude] });
  const label = t.columns[p.label];
  if (!(label instanceof Float64Array)) throw new InvalidInputError(`outcome column "${p.label}" is missing or not numeric`, { site: ctx.site });
  const y = Float64Array.from(label);
  const ids = asText(t.columns.case_id as Column);
  y.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new InvalidInputError(`outcome "${p.label}" must be 0 or 1, found ${v}`, { site: ctx.site, caseId: ids[i] });
  });
  const cols = names.map((f) => t.columns[f] as Float64Array);
  checkComplete(cols, names, ids);
  const events = y.reduce((a, v) => a + v, 0);
  const minCell = Math.min(events, y.length - events);
  if (minCell < p.minCount) throw new PrivacyViolationError(`an outcome class holds ${minCell} case(s), under minCount ${p.minCount}`, { site: ctx.site });
  return { names, cols, y, minCell };
}

export default definePlugin({
  id: 'select.rfe',
  version: '1.0.0',
  kind: 'federated',
  description: 'Recursive feature elimination with a federated logistic model (Newton steps from per-site sums)',
  params: rfeParams,

  async local(ctx, p, global: RfeState | null): Promise<Partial> {
    const d = await readSite(ctx, p);
    const n = d.y.length;
    if (global === null) {
      const m = computeFeatureMoments(d.cols, null, false);
      return { count: n, minCellCount: d.minCell, values: { features: d.names, n: [n], mean: Array.from(m.all.mean), m2: Array.from(m.all.m2) } };
    }
    if (global.phase !== 'newton') throw new InvalidInputError('select.rfe is done');
    const p1 = global.active.length + 1;
    const x = new Float64Array(n * p1);
    for (let i = 0; i < n; i++) {
      x[i * p1] = 1;
      global.active.forEach((f, j) => (x[i * p1 + j + 1] = (d.cols[f][i] - global.mean[f]) / global.sd[f]));
    }
    const gh = logisticGradientHessian({ x, y: d.y, n, p: p1 }, global.beta);
    const hessian = Array.from({ length: p1 }, (_, r) => Array.from(gh.hessian.subarray(r * p1, (r + 1) * p1)));
    return { count: n, minCellCount: d.minCell, values: { gradient: Array.from(gh.gradient), hessian, logLikelihood: gh.logLikelihood } };
  },

  aggregate(partials, p, previous: RfeState | null): { global: RfeState; done: boolean } {
    if (previous === null) {
      const names = partials[0].partial.values.features as string[];
      const merged = mergeFeatureMoments(
        partials.map(({ site, partial: { values: v } }) => {
          if ((v.features as string[]).join('\u0000') !== names.join('\u0000')) throw new InvalidInputError('the feature columns differ from the first site', { site });
          return { all: { n: (v.n as number[])[0], mean: Float64Array.from(v.mean as number[]), m2: Float64Array.from(v.m2 as number[]) }, classes: new Map(), comoment: null };
        }),
      );
      const sd = Array.from(merged.all.m2, (m) => Math.sqrt(m / (merged.all.n - 1)));
      const constant = names.filter((_, f) => !(sd[f] > 0));
      if (constant.length) throw new InvalidInputError(`constant features cannot be ranked: ${constant.slice(0, 5).join(', ')}`, {}, 'Filter them first (select.features)');
      const active = names.map((_, f) => f);
      return { global: { phase: 'newton', features: names, mean: Array.from(merged.all.mean), sd, active, beta: new Array(active.length + 1).fill(0), iterations: 0, eliminated: [] }, done: false };
    }
    if (previous.phase !== 'newton') throw new InvalidInputError('select.rfe is done');
    const parts = partials.map(({ partial: { values: v } }) => ({
      gradient: Float64Array.from(v.gradient as number[]),
      hessian: Float64Array.from((v.hessian as number[][]).flat()),
      logLikelihood: v.logLikelihood as number,
    }));
    const r = newtonStep(previous.beta, parts, p.l2);
    const iterations = previous.iterations + 1;
    if (r.step >= p.tol) {
      if (iterations >= p.maxIterations) throw new InvalidInputError(`the logistic fit did not converge in ${p.maxIterations} Newton steps`, {}, 'Raise l2 or maxIterations');
      return { global: { ...previous, beta: r.beta, iterations }, done: false };
    }
    if (previous.active.length <= p.keep) {
      const selected = previous.active.map((f) => previous.features[f]);
      return { global: { phase: 'done', features: previous.features, selected, mean: previous.mean, sd: previous.sd, beta: r.beta, eliminated: previous.eliminated, rounds: iterations }, done: true };
    }
    const out = eliminate(previous.active, r.beta, p.step, p.keep);
    const gone = new Set(out.map((e) => e.feature));
    const active = previous.active.filter((f) => !gone.has(f));
    return {
      global: {
        ...previous,
        active,
        beta: new Array(active.length + 1).fill(0),
        iterations: 0,
        eliminated: [...previous.eliminated, ...out.map((e) => ({ feature: previous.features[e.feature], coefficient: e.coefficient }))],
      },
      done: false,
    };
  },

  async apply(ctx, p, global: RfeState) {
    if (global.phase !== 'done') throw new InvalidInputError('select.rfe apply before the end');
    const upstream = await ctx.table(p.from);
    const dropped = new Set(global.features.filter((f) => !global.selected.includes(f)));
    const names = upstream.names.filter((n) => !dropped.has(n));
    return { table: { names, columns: Object.fromEntries(names.map((n) => [n, upstream.columns[n]])) }, summary: { selected: global.selected } };
  },
});
