/**
 * External-validation helpers: fit a LASSO/elastic-net logistic on training sites (λ by k-fold
 * CV, glmnet conventions), score held-out sites, and evaluate each held-out site on its own data
 * so that only metrics leave it (no per-case scores).
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Table } from '../../core/tables/table.js';
import { evaluateBinary, type BinaryEvaluation, type EvaluateOptions } from '../evaluate/evaluate-binary.js';
import { cvGlmnet, type CvGlmnetOptions } from './glmnet-cv.js';
import { coefAt } from './glmnet-interp.js';

/** A fitted linear-logistic model on the original feature scale: what travels to the sites. */
export interface LogisticModel {
  type: 'logistic';
  features: string[];
  intercept: number;
  coefficients: number[];
  /** Training means of the features (for linear SHAP and mean imputation). */
  means: number[];
  /** λ used and how it was chosen. */
  lambda?: number;
  lambdaRule?: 'lambda.min' | 'lambda.1se' | 'fixed';
  alpha?: number;
  /** Youden threshold chosen on the training data. */
  threshold?: number;
}

export interface LassoTrainOptions extends CvGlmnetOptions {
  /** Which CV choice to keep. @default 'lambda.min' */
  rule?: 'lambda.min' | 'lambda.1se';
}

export interface LassoTrainResult {
  model: LogisticModel;
  cv: { lambda: number[]; cvm: number[]; cvsd: number[]; nzero: number[]; lambdaMin: number; lambda1se: number };
}

/** Trains on columns (one Float64Array per feature). */
export function trainLasso(features: string[], columns: Float64Array[], y: Float64Array, options: LassoTrainOptions = {}): LassoTrainResult {
  const cv = cvGlmnet(columns, y, options);
  const rule = options.rule ?? 'lambda.min';
  const lambda = rule === 'lambda.min' ? cv.lambdaMin : cv.lambda1se;
  const { a0, beta } = coefAt(cv.fit, lambda);
  const means = Array.from(cv.fit.scaling.means);
  return {
    model: { type: 'logistic', features, intercept: a0, coefficients: Array.from(beta), means, lambda, lambdaRule: rule, alpha: options.alpha ?? 1 },
    cv: { lambda: Array.from(cv.lambda), cvm: Array.from(cv.cvm), cvsd: Array.from(cv.cvsd), nzero: Array.from(cv.nzero), lambdaMin: cv.lambdaMin, lambda1se: cv.lambda1se },
  };
}

/** Linear predictor of a logistic model on a table; a missing feature column is an error. */
export function scoreLogistic(model: LogisticModel, t: Table): Float64Array {
  const n = t.names.length ? t.columns[t.names[0]].length : 0;
  const eta = new Float64Array(n).fill(model.intercept);
  model.features.forEach((f, j) => {
    const b = model.coefficients[j];
    if (b === 0) return;
    const c = t.columns[f];
    if (!(c instanceof Float64Array)) throw new InvalidInputError(`feature "${f}" is ${c ? 'not numeric' : 'missing'}`, {}, 'Every site must provide the model’s features');
    for (let i = 0; i < n; i++) eta[i] += b * c[i];
  });
  return eta;
}

export const probabilities = (eta: Float64Array) => Float64Array.from(eta, (e) => 1 / (1 + Math.exp(-e)));

/**
 * What a held-out site computes on itself and returns: the model's metrics on its cases, never
 * the scores. Rows with a missing label or feature are dropped and counted.
 */
export function validateAtSite(model: LogisticModel, t: Table, label: string, options: EvaluateOptions = {}): BinaryEvaluation & { dropped: number } {
  const y = t.columns[label];
  if (!(y instanceof Float64Array)) throw new InvalidInputError(`label column "${label}" is ${y ? 'not numeric' : 'missing'}`);
  const p = probabilities(scoreLogistic(model, t));
  const keep: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]) && !Number.isNaN(p[i])) keep.push(i);
  const e = evaluateBinary(
    keep.map((i) => y[i]),
    keep.map((i) => p[i]),
    { threshold: model.threshold, ...options },
  );
  return { ...e, dropped: y.length - keep.length };
}

/**
 * Leave-one-site-out validation: for each site, fit on every other site's rows (pooled here; in a
 * study the same design is a train stage per held-out site) and evaluate at the held-out site,
 * which returns metrics only.
 */
export function leaveOneSiteOut(
  bySite: Record<string, Table>,
  features: string[],
  label: string,
  options: LassoTrainOptions & { evaluate?: EvaluateOptions } = {},
): Record<string, { model: LogisticModel; validation: BinaryEvaluation & { dropped: number } }> {
  const sites = Object.keys(bySite);
  if (sites.length < 2) throw new InvalidInputError('leave-one-site-out needs at least two sites');
  const out: Record<string, { model: LogisticModel; validation: BinaryEvaluation & { dropped: number } }> = {};
  for (const held of sites) {
    const train = sites.filter((s) => s !== held);
    const cols = features.map((f) => Float64Array.from(train.flatMap((s) => Array.from(bySite[s].columns[f] as Float64Array))));
    const y = Float64Array.from(train.flatMap((s) => Array.from(bySite[s].columns[label] as Float64Array)));
    const { evaluate, ...trainOptions } = options;
    // Fold ids refer to the pooled training rows, so a caller's foldid cannot be reused per split.
    const { model } = trainLasso(features, cols, y, { ...trainOptions, foldid: undefined });
    out[held] = { model, validation: validateAtSite(model, bySite[held], label, evaluate) };
  }
  return out;
}
