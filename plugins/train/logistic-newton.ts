/**
 * `train.logistic`: exact logistic regression across sites by federated Newton–Raphson. Each round
 * a site sends the gradient Xᵀ(y − p) and Hessian XᵀWX of its own rows at the current
 * coefficients (aggregates of size p and p², never a per-case value); the coordinator sums them
 * and takes the Newton step. The result equals the fit on the pooled data.
 */
import { z } from 'zod';
import { definePlugin, type SiteTableContext } from '../../core/plugin.js';
import { featureNames, joinOnCaseId } from '../../core/tables/join.js';
import { numericColumn, rowCount } from '../../core/tables/table.js';
import { cholesky, choleskySolveInPlace } from '../../core/stats/linalg.js';
import { InvalidInputError, NumericalError } from '../../core/errors.js';

export const logisticParams = z.object({
  /** The upstream stage whose table holds the features. */
  from: z.string(),
  /** The 0/1 outcome column of cases.csv. @default 'outcome' */
  label: z.string().default('outcome'),
  /** Regular expression selecting feature columns. @default every numeric column of `from` */
  features: z.string().optional(),
  /** Ridge penalty on the coefficients (not the intercept); 0 is plain maximum likelihood. @default 0 */
  l2: z.number().min(0).default(0),
  /** Convergence: largest absolute Newton step. @default 1e-10 */
  tol: z.number().positive().default(1e-10),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'train.logistic': z.input<typeof logisticParams> }
}

export interface LogisticModel {
  /** Feature names; the coefficients are [intercept, ...features]. */
  features: string[];
  beta: number[];
  iterations: number;
  logLikelihood: number;
  converged: boolean;
  n: number;
}

export interface DesignMatrix {
  /** Row-major n × p with a leading column of ones. */
  x: Float64Array;
  y: Float64Array;
  n: number;
  p: number;
}

export interface NewtonPartial {
  gradient: Float64Array;
  hessian: Float64Array;
  logLikelihood: number;
}

/** The gradient and Hessian of the log-likelihood of one block of rows at `beta`. */
export function logisticGradientHessian(d: DesignMatrix, beta: ArrayLike<number>): NewtonPartial {
  const { x, y, n, p } = d;
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  let logLikelihood = 0;
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += x[i * p + j] * beta[j];
    const prob = 1 / (1 + Math.exp(-eta));
    // log(1 + e^η) computed stably for large |η|.
    logLikelihood += y[i] * eta - (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta)));
    const r = y[i] - prob;
    const w = prob * (1 - prob);
    for (let j = 0; j < p; j++) {
      const xij = x[i * p + j];
      gradient[j] += xij * r;
      for (let k = 0; k <= j; k++) hessian[j * p + k] += w * xij * x[i * p + k];
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) hessian[k * p + j] = hessian[j * p + k];
  return { gradient, hessian, logLikelihood };
}

/** One Newton step from summed partials; returns the new coefficients and the step size. */
export function newtonStep(beta: number[], parts: NewtonPartial[], l2: number): { beta: number[]; step: number; logLikelihood: number } {
  const p = beta.length;
  const g = new Float64Array(p);
  const h = new Float64Array(p * p);
  let ll = 0;
  for (const part of parts) {
    for (let j = 0; j < p; j++) g[j] += part.gradient[j];
    for (let j = 0; j < p * p; j++) h[j] += part.hessian[j];
    ll += part.logLikelihood;
  }
  for (let j = 1; j < p; j++) {
    g[j] -= l2 * beta[j];
    h[j * p + j] += l2;
    ll -= 0.5 * l2 * beta[j] * beta[j];
  }
  const chol = cholesky(h, p);
  if (chol.type === 'singular') {
    throw new NumericalError(`the Hessian is singular at coefficient ${chol.column} (the features are collinear or the classes separate perfectly)`, {}, 'Remove collinear features or set l2 > 0');
  }
  choleskySolveInPlace(chol.L, p, g);
  let step = 0;
  const next = beta.map((b, j) => { step = Math.max(step, Math.abs(g[j])); return b + g[j]; });
  return { beta: next, step, logLikelihood: ll };
}

/** Plain (pooled) Newton fit: the reference the federated fit must equal. */
export function fitLogistic(d: DesignMatrix, opts: { l2?: number; tol?: number; maxIter?: number } = {}): { beta: number[]; iterations: number } {
  let beta = new Array(d.p).fill(0);
  for (let it = 1; it <= (opts.maxIter ?? 50); it++) {
    const r = newtonStep(beta, [logisticGradientHessian(d, beta)], opts.l2 ?? 0);
    beta = r.beta;
    if (r.step < (opts.tol ?? 1e-10)) return { beta, iterations: it };
  }
  throw new NumericalError(`logistic regression did not converge in ${opts.maxIter ?? 50} iterations`);
}

/** The site's design matrix: intercept + features from `from`, outcome from cases.csv. */
export async function siteDesign(ctx: SiteTableContext, from: string, label: string, features: string[] | null, pattern?: string): Promise<{ design: DesignMatrix; features: string[] }> {
  const t = joinOnCaseId(await ctx.table(from), ctx.cases);
  if (!(label in t.columns)) throw new InvalidInputError(`cases.csv has no outcome column "${label}"`, { site: ctx.site }, 'Add the column or set params.label');
  const names = features ?? featureNames(t, { pattern, exclude: [label, ...ctx.cases.names] });
  const n = rowCount(t), p = names.length + 1;
  const x = new Float64Array(n * p);
  const y = Float64Array.from(numericColumn(t, label));
  const cols = names.map((f) => numericColumn(t, f));
  for (let i = 0; i < n; i++) {
    x[i * p] = 1;
    for (let j = 1; j < p; j++) x[i * p + j] = cols[j - 1][i];
    if (y[i] !== 0 && y[i] !== 1) throw new InvalidInputError(`outcome "${label}" must be 0 or 1, found ${y[i]}`, { site: ctx.site, caseId: String(t.columns.case_id[i]) }, 'Code the outcome as 0/1');
  }
  return { design: { x, y, n, p }, features: names };
}

export default definePlugin({
  id: 'train.logistic',
  version: '1.0.0',
  kind: 'federated',
  description: 'Logistic regression fit across sites by federated Newton–Raphson; equals the pooled fit',
  params: logisticParams,
  async local(ctx, params, global: LogisticModel | null) {
    const { design, features } = await siteDesign(ctx, params.from, params.label, global?.features ?? null, params.features);
    const beta = global?.beta ?? new Array(design.p).fill(0);
    const part = logisticGradientHessian(design, beta);
    let positives = 0;
    for (const v of design.y) positives += v;
    const p = design.p;
    return {
      count: design.n,
      minCellCount: Math.min(positives, design.n - positives),
      values: {
        features,
        gradient: Array.from(part.gradient),
        hessian: Array.from({ length: p }, (_, j) => Array.from(part.hessian.subarray(j * p, (j + 1) * p))),
        logLikelihood: part.logLikelihood,
      },
    };
  },
  aggregate(partials, params, previous: LogisticModel | null) {
    const features = partials[0].partial.values.features as string[];
    const beta = previous?.beta ?? new Array(features.length + 1).fill(0);
    const parts = partials.map(({ partial }) => ({
      gradient: Float64Array.from(partial.values.gradient as number[]),
      hessian: Float64Array.from((partial.values.hessian as number[][]).flat()),
      logLikelihood: partial.values.logLikelihood as number,
    }));
    const r = newtonStep(beta, parts, params.l2);
    const done = r.step < params.tol;
    const global: LogisticModel = {
      features, beta: r.beta, iterations: (previous?.iterations ?? 0) + 1,
      logLikelihood: r.logLikelihood, converged: done, n: partials.reduce((a, p) => a + p.partial.count, 0),
    };
    return { global, done };
  },
});
