/**
 * `train.lasso`: LASSO / elastic-net logistic regression across sites, glmnet conventions.
 * - Numeric `lambda` (or `lambdaFraction` of λ_max): federated proximal Newton. Round 0 pools
 *   counts and feature sums (means, 1/n SDs, λ_max); each later round every site sends the
 *   gradient and Hessian of its log-likelihood at the current coefficients (p+1 and (p+1)²
 *   aggregates); the coordinator solves the penalized quadratic exactly. The result equals the
 *   pooled glmnet fit at that λ.
 * - `lambda: 'lambda.min' | 'lambda.1se'`: the λ is chosen by k-fold CV (cv.glmnet conventions),
 *   which needs the rows of one site: it runs with exactly one training site (e.g. HarvardRT in
 *   Hosny 2018), which fits locally and sends only the coefficients.
 * The global result carries `features` and `beta` = [intercept, …] on the original scale, the
 * shape `train.logistic` uses, so `evaluate.auc` and `evaluate.external` read either.
 */
import { z } from 'zod';
import { definePlugin, type Partial, type SiteTableContext } from '../../core/plugin.js';
import { InvalidInputError } from '../../core/errors.js';
import { siteDesign } from './logistic-newton.js';
import { featureNames } from '../../core/tables/join.js';
import { cvGlmnet } from './glmnet-cv.js';
import { coefAt } from './glmnet-interp.js';
import { momentSums, poolMoments, proximalNewtonStep, standardizedGradientHessian, type MomentSums, type Standardization } from './lasso-newton.js';

export const lassoParams = z.object({
  /** The upstream stage whose table holds the features. */
  from: z.string(),
  /** The 0/1 outcome column of cases.csv. @default 'outcome' */
  label: z.string().default('outcome'),
  /** Regular expression selecting feature columns. @default every numeric column of `from` */
  features: z.string().optional(),
  /** Elastic-net mixing (1 = lasso, 0 = ridge). @default 1 */
  alpha: z.number().min(0).max(1).default(1),
  /** A fixed λ (glmnet scale, federated) or a CV rule (one training site). @default 'lambda.min' */
  lambda: z.union([z.number().positive(), z.enum(['lambda.min', 'lambda.1se'])]).default('lambda.min'),
  /** λ as a fraction of the pooled λ_max (federated); overrides a numeric `lambda`. */
  lambdaFraction: z.number().positive().max(1).optional(),
  /** CV folds for the λ rules. @default 10 */
  nfolds: z.number().int().min(3).default(10),
  /** Convergence: largest coefficient change of a Newton round (standardized scale). @default 1e-10 */
  tol: z.number().positive().default(1e-10),
  /** Refuse more features than this in federated rounds (the Hessian travels each round). @default 300 */
  maxFeatures: z.number().int().positive().default(300),
  /** @default 100 */
  maxRounds: z.number().int().positive().default(100),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'train.lasso': z.input<typeof lassoParams> }
}
type LassoParams = z.infer<typeof lassoParams>;

export interface LassoGlobal {
  features: string[];
  /** [intercept, ...coefficients] on the original feature scale. */
  beta: number[];
  /** Training means (for linear SHAP). */
  means: number[];
  lambda: number;
  lambdaRule: 'fixed' | 'lambda.min' | 'lambda.1se';
  alpha: number;
  n: number;
  iterations: number;
  converged: boolean;
  /** Selected features (non-zero coefficients). */
  selected: string[];
  /** Internal state of the federated rounds. */
  state?: { standardization: Standardization; b0: number; betaStd: number[] };
  /** The CV curve when λ came from CV. */
  cv?: { lambda: number[]; cvm: number[]; cvsd: number[]; nzero: number[]; lambdaMin: number; lambda1se: number };
}

async function siteColumns(ctx: SiteTableContext, params: LassoParams, features: string[] | null, federated: boolean) {
  // Features are the numeric columns of the `from` table itself (cases.csv may carry them too,
  // e.g. a published feature table read by features.fromCases).
  const wanted = features ?? featureNames(await ctx.table(params.from), { pattern: params.features, exclude: [params.label] });
  const { design, features: names } = await siteDesign(ctx, params.from, params.label, wanted);
  // Only the federated rounds send a (p+1)² Hessian; a CV fit at one site sends p+1 numbers.
  if (federated && names.length > params.maxFeatures) {
    throw new InvalidInputError(`train.lasso got ${names.length} features, more than maxFeatures = ${params.maxFeatures}`, { site: ctx.site }, 'Select features first (select.features) or raise maxFeatures');
  }
  const { x, y, n, p } = design;
  const columns = names.map((_, j) => Float64Array.from({ length: n }, (_, i) => x[i * p + j + 1]));
  let events = 0;
  for (const v of y) events += v;
  return { columns, y, names, n, minCell: Math.min(events, n - events) };
}

function finish(features: string[], s: Standardization, b0: number, betaStd: ArrayLike<number>): { beta: number[]; selected: string[] } {
  let a0 = b0;
  const coefs = features.map((_, j) => {
    const b = s.sds[j] > 0 ? betaStd[j] / s.sds[j] : 0;
    a0 -= b * s.means[j];
    return b;
  });
  return { beta: [a0, ...coefs], selected: features.filter((_, j) => coefs[j] !== 0) };
}

export default definePlugin<typeof lassoParams, LassoGlobal>({
  id: 'train.lasso',
  version: '1.0.0',
  kind: 'federated',
  description: 'LASSO/elastic-net logistic regression (glmnet conventions): federated proximal Newton at a fixed λ, or CV-chosen λ at one training site',
  params: lassoParams,
  async local(ctx, params, global): Promise<Partial> {
    const useCv = typeof params.lambda === 'string' && params.lambdaFraction === undefined;
    const { columns, y, names, n, minCell } = await siteColumns(ctx, params, global?.features ?? null, !useCv);
    if (useCv) {
      const cv = cvGlmnet(columns, y, { alpha: params.alpha, nfolds: params.nfolds });
      const lambda = params.lambda === 'lambda.1se' ? cv.lambda1se : cv.lambdaMin;
      const { a0, beta } = coefAt(cv.fit, lambda);
      return {
        count: n,
        minCellCount: minCell,
        values: {
          features: names, beta: [a0, ...beta], means: Array.from(cv.fit.scaling.means), lambda,
          cvLambda: Array.from(cv.lambda), cvm: Array.from(cv.cvm), cvsd: Array.from(cv.cvsd), nzero: Array.from(cv.nzero), lambdaMin: cv.lambdaMin, lambda1se: cv.lambda1se,
        },
      };
    }
    if (!global?.state) {
      const m = momentSums(columns, y);
      return { count: n, minCellCount: minCell, values: { features: names, n: m.n, sumY: m.sumY, sumX: m.sumX, sumX2: m.sumX2, sumXY: m.sumXY } };
    }
    const { gradient, hessian, deviance } = standardizedGradientHessian(columns, y, global.state.standardization, global.state.b0, global.state.betaStd);
    const q = names.length + 1;
    return {
      count: n,
      minCellCount: minCell,
      values: { gradient: Array.from(gradient), hessian: Array.from({ length: q }, (_, a) => Array.from(hessian.subarray(a * q, (a + 1) * q))), deviance },
    };
  },
  aggregate(partials, params, previous, round): { global: LassoGlobal; done: boolean } {
    const n = partials.reduce((a, p) => a + p.partial.count, 0);
    const first = partials[0].partial.values;
    if ('cvm' in first) {
      if (partials.length !== 1) throw new InvalidInputError(`lambda: '${params.lambda}' chooses λ by CV within one site, but ${partials.length} sites trained`, {}, 'List one training site for this stage, or give a numeric lambda / lambdaFraction for a federated fit');
      const v = first;
      const features = v.features as string[];
      const beta = v.beta as number[];
      return {
        global: {
          features, beta, means: v.means as number[], lambda: v.lambda as number, lambdaRule: params.lambda as 'lambda.min' | 'lambda.1se', alpha: params.alpha, n, iterations: 1, converged: true,
          selected: features.filter((_, j) => beta[j + 1] !== 0),
          cv: { lambda: v.cvLambda as number[], cvm: v.cvm as number[], cvsd: v.cvsd as number[], nzero: v.nzero as number[], lambdaMin: v.lambdaMin as number, lambda1se: v.lambda1se as number },
        },
        done: true,
      };
    }
    if (!previous?.state) {
      const features = first.features as string[];
      for (const { site, partial } of partials) {
        if ((partial.values.features as string[]).join('\u0000') !== features.join('\u0000')) throw new InvalidInputError('sites disagree on the feature columns', { site }, 'Give every site the same features (or set params.features)');
      }
      const sums: MomentSums[] = partials.map(({ partial }) => partial.values as unknown as MomentSums);
      const standardization = poolMoments(sums, params.alpha);
      const lambda = params.lambdaFraction !== undefined ? params.lambdaFraction * standardization.lambdaMax : (params.lambda as number);
      const b0 = Math.log(standardization.ybar / (1 - standardization.ybar));
      const betaStd = new Array(features.length).fill(0);
      const { beta, selected } = finish(features, standardization, b0, betaStd);
      return {
        global: { features, beta, means: standardization.means, lambda, lambdaRule: 'fixed', alpha: params.alpha, n, iterations: 0, converged: false, selected, state: { standardization, b0, betaStd } },
        done: false,
      };
    }
    const q = previous.features.length + 1;
    const g = new Float64Array(q);
    const h = new Float64Array(q * q);
    for (const { partial } of partials) {
      (partial.values.gradient as number[]).forEach((v, a) => (g[a] += v));
      (partial.values.hessian as number[][]).forEach((r, a) => r.forEach((v, b) => (h[a * q + b] += v)));
    }
    const s = previous.state.standardization;
    const usable = s.sds.map((sd) => (sd > 0 ? 1 : 0));
    const step = proximalNewtonStep(g, h, s.n, previous.state.b0, previous.state.betaStd, previous.lambda, params.alpha, usable);
    const betaStd = Array.from(step.beta);
    const { beta, selected } = finish(previous.features, s, step.b0, betaStd);
    const converged = step.change < params.tol;
    return {
      global: { ...previous, beta, selected, iterations: round, converged, state: { standardization: s, b0: step.b0, betaStd } },
      done: converged || round >= params.maxRounds,
    };
  },
});
