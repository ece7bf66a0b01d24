/**
 * k-fold cross-validation of a glmnet path with cv.glmnet 4.1's conventions: the full-data path
 * fixes the λ sequence; each fold refits on the other folds with that sequence; per-fold mean
 * binomial deviance (predictions clamped to [1e-5, 1 − 1e-5]); cvm = fold-size-weighted mean,
 * cvsd = sqrt(weighted mean of squared deviations/(K − 1)); lambda.min = the largest λ attaining
 * min cvm; lambda.1se = the largest λ with cvm ≤ cvm[min] + cvsd[min].
 */
import { InvalidInputError } from '../../core/errors.js';
import { aucFromLabels } from '../evaluate/auc-fast.js';
import { glmnetBinomial, predictLink, type GlmnetOptions, type GlmnetPath } from './glmnet-binomial.js';

export type CvMeasure = 'deviance' | 'auc' | 'class';

export interface CvGlmnetOptions extends GlmnetOptions {
  /** Fold of each row, 1..K (glmnet's foldid). @default rows dealt round-robin into `nfolds` */
  foldid?: ArrayLike<number>;
  /** @default 10 */
  nfolds?: number;
  /** @default 'deviance' */
  measure?: CvMeasure;
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

export function cvGlmnet(columns: Float64Array[], y: Float64Array, options: CvGlmnetOptions = {}): CvGlmnet {
  const n = y.length;
  const measure = options.measure ?? 'deviance';
  const foldid = options.foldid ? Array.from(options.foldid) : Array.from({ length: n }, (_, i) => (i % (options.nfolds ?? 10)) + 1);
  if (foldid.length !== n) throw new InvalidInputError(`foldid has ${foldid.length} entries for ${n} rows`);
  const folds = [...new Set(foldid)].sort((a, b) => a - b);
  if (folds.length < 3) throw new InvalidInputError('cross-validation needs at least 3 folds');
  const { foldid: _f, nfolds: _n, measure: _m, ...glmOpts } = options;
  const fit = glmnetBinomial(columns, y, glmOpts);
  const L = fit.lambda.length;
  const raw: Float64Array[] = [];
  const weights: number[] = [];
  for (const f of folds) {
    const test: number[] = [];
    const train: number[] = [];
    foldid.forEach((g, i) => (g === f ? test : train).push(i));
    const sub = glmnetBinomial(rows(columns, train), Float64Array.from(train, (i) => y[i]), { ...glmOpts, lambda: fit.lambda });
    const xt = rows(columns, test);
    const yt = test.map((i) => y[i]);
    const fr = new Float64Array(L);
    for (let k = 0; k < L; k++) {
      const eta = predictLink(sub, k, xt);
      if (measure === 'auc') fr[k] = aucFromLabels(yt, eta);
      else {
        let s = 0;
        for (let t = 0; t < test.length; t++) {
          const pr = Math.min(Math.max(1 / (1 + Math.exp(-eta[t])), 1e-5), 1 - 1e-5);
          if (measure === 'deviance') s += -2 * (yt[t] * Math.log(pr) + (1 - yt[t]) * Math.log(1 - pr));
          else s += (pr > 0.5 ? 1 : 0) === yt[t] ? 0 : 1;
        }
        fr[k] = s / test.length;
      }
    }
    raw.push(fr);
    weights.push(test.length);
  }
  const W = weights.reduce((a, b) => a + b, 0);
  const K = folds.length;
  const cvm = new Float64Array(L);
  const cvsd = new Float64Array(L);
  for (let k = 0; k < L; k++) {
    let m = 0;
    raw.forEach((fr, f) => (m += weights[f] * fr[k]));
    m /= W;
    let s = 0;
    raw.forEach((fr, f) => (s += weights[f] * (fr[k] - m) ** 2));
    cvm[k] = m;
    cvsd[k] = Math.sqrt(s / W / (K - 1));
  }
  // AUC is maximised: flip its sign for the choice, as getOptcv.glmnet does.
  const sgn = measure === 'auc' ? -1 : 1;
  let best = Infinity;
  for (let k = 0; k < L; k++) best = Math.min(best, sgn * cvm[k]);
  let indexMin = 0;
  for (let k = 0; k < L; k++) if (sgn * cvm[k] <= best) {
    indexMin = k;
    break;
  }
  const bound = sgn * cvm[indexMin] + cvsd[indexMin];
  let index1se = 0;
  for (let k = 0; k < L; k++) if (sgn * cvm[k] <= bound) {
    index1se = k;
    break;
  }
  return { fit, lambda: fit.lambda, cvm, cvsd, nzero: fit.df, indexMin, index1se, lambdaMin: fit.lambda[indexMin], lambda1se: fit.lambda[index1se], measure };
}
