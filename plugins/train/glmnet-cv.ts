/**
 * k-fold cross-validation of a glmnet path with cv.glmnet 4.1's conventions: the full-data path
 * fixes the λ sequence; each fold fits its own path (cv.glmnet passes the user's `lambda`, NULL
 * by default, so folds compute their own λ_max and may stop early) and is predicted at the
 * full-data λ values by glmnet's linear λ interpolation; per-fold mean binomial deviance
 * (predictions clamped to [1e-5, 1 − 1e-5]), misclassification or AUC; cvm = fold-size-weighted
 * mean, cvsd = sqrt(weighted mean of squared deviations/(K − 1)); lambda.min = the largest λ
 * attaining the best cvm; lambda.1se = the largest λ within one cvsd of it.
 */
import { InvalidInputError } from '../../core/errors.js';
import { aucFromLabels } from '../evaluate/auc-fast.js';
import { glmnetBinomial, type GlmnetOptions, type GlmnetPath } from './glmnet-binomial.js';
import { linkAt } from './glmnet-interp.js';

export type CvMeasure = 'deviance' | 'auc' | 'class';

export interface CvGlmnetOptions extends GlmnetOptions {
  /** Fold of each row, 1..K (glmnet's foldid). @default rows dealt round-robin into `nfolds` */
  foldid?: ArrayLike<number>;
  /** @default 10 */
  nfolds?: number;
  /** @default 'deviance' */
  measure?: CvMeasure;
}

/** Out-of-fold linear predictors at every full-data λ: the shared input of every CV measure. */
export interface CvPredictions {
  fit: GlmnetPath;
  foldid: number[];
  /** link[k][i]: out-of-fold linear predictor of row i at λ index k. */
  link: Float64Array[];
}

export interface CvGlmnet {
  fit: GlmnetPath;
  lambda: Float64Array;
  cvm: Float64Array;
  cvsd: Float64Array;
  nzero: Int32Array;
  indexMin: number;
  index1se: number;
  lambdaMin: number;
  lambda1se: number;
  measure: CvMeasure;
}

const rows = (cols: Float64Array[], idx: number[]) => cols.map((c) => Float64Array.from(idx, (i) => c[i]));

export function cvPredictions(columns: Float64Array[], y: Float64Array, options: CvGlmnetOptions = {}): CvPredictions {
  const n = y.length;
  const foldid = options.foldid ? Array.from(options.foldid) : Array.from({ length: n }, (_, i) => (i % (options.nfolds ?? 10)) + 1);
  if (foldid.length !== n) throw new InvalidInputError(`foldid has ${foldid.length} entries for ${n} rows`);
  const folds = [...new Set(foldid)].sort((a, b) => a - b);
  if (folds.length < 3) throw new InvalidInputError('cross-validation needs at least 3 folds');
  const { foldid: _f, nfolds: _n, measure: _m, ...glmOpts } = options;
  const fit = glmnetBinomial(columns, y, glmOpts);
  const L = fit.lambda.length;
  const link = Array.from({ length: L }, () => new Float64Array(n));
  for (const f of folds) {
    const test: number[] = [];
    const train: number[] = [];
    foldid.forEach((g, i) => (g === f ? test : train).push(i));
    const sub = glmnetBinomial(rows(columns, train), Float64Array.from(train, (i) => y[i]), glmOpts);
    const xt = rows(columns, test);
    for (let k = 0; k < L; k++) {
      const eta = linkAt(sub, fit.lambda[k], xt);
      test.forEach((i, t) => (link[k][i] = eta[t]));
    }
  }
  return { fit, foldid, link };
}

export function cvSummarize(pred: CvPredictions, y: ArrayLike<number>, measure: CvMeasure = 'deviance'): CvGlmnet {
  const { fit, foldid, link } = pred;
  const folds = [...new Set(foldid)].sort((a, b) => a - b);
  const members = folds.map((f) => foldid.flatMap((g, i) => (g === f ? [i] : [])));
  const L = fit.lambda.length;
  const weights = members.map((m) => m.length);
  const W = weights.reduce((a, b) => a + b, 0);
  const K = folds.length;
  const cvm = new Float64Array(L);
  const cvsd = new Float64Array(L);
  for (let k = 0; k < L; k++) {
    const raw = members.map((idx) => {
      if (measure === 'auc') return aucFromLabels(idx.map((i) => y[i]), idx.map((i) => link[k][i]));
      let s = 0;
      for (const i of idx) {
        const pr = Math.min(Math.max(1 / (1 + Math.exp(-link[k][i])), 1e-5), 1 - 1e-5);
        if (measure === 'deviance') s += -2 * (y[i] * Math.log(pr) + (1 - y[i]) * Math.log(1 - pr));
        else s += (pr > 0.5 ? 1 : 0) === y[i] ? 0 : 1;
      }
      return s / idx.length;
    });
    let m = 0;
    raw.forEach((v, f) => (m += weights[f] * v));
    m /= W;
    let s = 0;
    raw.forEach((v, f) => (s += weights[f] * (v - m) ** 2));
    cvm[k] = m;
    cvsd[k] = Math.sqrt(s / W / (K - 1));
  }
  // AUC is maximised: flip its sign for the choice, as getOptcv.glmnet does.
  const sgn = measure === 'auc' ? -1 : 1;
  let best = Infinity;
  for (let k = 0; k < L; k++) best = Math.min(best, sgn * cvm[k]);
  const indexMin = cvm.findIndex((v) => sgn * v <= best);
  const bound = sgn * cvm[indexMin] + cvsd[indexMin];
  const index1se = cvm.findIndex((v) => sgn * v <= bound);
  return { fit, lambda: fit.lambda, cvm, cvsd, nzero: fit.df, indexMin, index1se, lambdaMin: fit.lambda[indexMin], lambda1se: fit.lambda[index1se], measure };
}

export function cvGlmnet(columns: Float64Array[], y: Float64Array, options: CvGlmnetOptions = {}): CvGlmnet {
  return cvSummarize(cvPredictions(columns, y, options), y, options.measure ?? 'deviance');
}
