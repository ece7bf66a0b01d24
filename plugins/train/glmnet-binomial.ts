/**
 * Elastic-net logistic regression by cyclical coordinate descent on the IRLS quadratic
 * approximation (Friedman, Hastie & Tibshirani 2010), following glmnet 4.1's two-class solver
 * step for step so that paths, CV choices and coefficients agree with
 * `glmnet(family = "binomial")` to its own convergence error:
 * - observation weights 1/n; predictors standardized with the 1/n SD; coefficients returned on
 *   the original scale;
 * - objective −(1/n)·loglik + λ·[α‖β‖₁ + (1−α)/2‖β‖²], intercept unpenalized;
 * - λ_max = max_j |x̃_jᵀ(y − ȳ)|/(n·max(α, 1e-3)); nlambda log-spaced values down to
 *   λ_max·lambda.min.ratio (0.01 when n < p, else 1e-4);
 * - sequential strong rule, cumulative strong and active sets, KKT check after IRLS converges;
 * - convergence when max_j v_j·Δβ_j² < thresh·(null deviance per observation / 2);
 * - a computed path stops (after ≥ 5 values) when the deviance ratio gains < 1e-5 or passes
 *   0.999; a user-supplied λ sequence never stops early (cv.glmnet's fold fits use one);
 * - linear predictors beyond ±log(1/pmin − 1) give probability 0/1 in the IRLS weights.
 * Because glmnet stops at a tolerance, matching it means taking the same steps in the same
 * order; lower `thresh` to get closer to the exact minimizer.
 */
import { InvalidInputError } from '../../core/errors.js';
import { columnScaling, standardizeColumns, type ColumnScaling } from './standardize.js';

export interface GlmnetOptions {
  /** Elastic-net mixing: 1 = lasso, 0 = ridge. @default 1 */
  alpha?: number;
  /** Number of λ values on a computed path. @default 100 */
  nlambda?: number;
  /** λ_min/λ_max on a computed path. @default n < p ? 0.01 : 1e-4 */
  lambdaMinRatio?: number;
  /** A user-supplied decreasing λ sequence (no early stopping). @default computed */
  lambda?: ArrayLike<number>;
  /** glmnet's `thresh`. @default 1e-7 */
  thresh?: number;
  /** Maximum coordinate-descent passes over all λ. @default 100000 */
  maxit?: number;
  /** Stop after this many λ values (e.g. when only the first part of a path is needed). */
  stopAfter?: number;
}

export interface GlmnetPath {
  lambda: Float64Array;
  /** Intercepts on the original scale, one per λ. */
  a0: Float64Array;
  /** Coefficients on the original scale: beta[k][j] for λ k, feature j. */
  beta: Float64Array[];
  /** Non-zero coefficients per λ. */
  df: Int32Array;
  /** 1 − deviance/null deviance per λ. */
  devRatio: Float64Array;
  /** Null deviance, −2·loglik of the intercept-only model. */
  nullDeviance: number;
  /** λ_max of these data (lambda[0] of a computed path). */
  lambdaMax: number;
  scaling: ColumnScaling;
  /** Set when glmnet would warn: the path was cut at a λ that reached maxit. */
  warning?: string;
}

const PMIN = 1e-9;

/** glmnet's maxit error: the path is cut before the λ that did not converge (with a warning). */
class MaxitReached extends Error {}
const FMAX = Math.log(1 / PMIN - 1);
const VMIN = (1 + PMIN) * PMIN * (1 - PMIN);

/** Linear predictor of λ index k of a path for rows of `columns` (original scale). */
export function predictLink(path: Pick<GlmnetPath, 'a0' | 'beta'>, k: number, columns: Float64Array[]): Float64Array {
  const n = columns[0]?.length ?? 0;
  const eta = new Float64Array(n).fill(path.a0[k]);
  const b = path.beta[k];
  for (let j = 0; j < b.length; j++) {
    if (b[j] === 0) continue;
    const x = columns[j];
    for (let i = 0; i < n; i++) eta[i] += b[j] * x[i];
  }
  return eta;
}

/** Fits the path. `columns` are the predictors (one Float64Array per feature), y is 0/1. */
export function glmnetBinomial(columns: Float64Array[], y: Float64Array, options: GlmnetOptions = {}): GlmnetPath {
  const alpha = options.alpha ?? 1;
  const n = y.length;
  const p = columns.length;
  if (n === 0 || columns.some((c) => c.length !== n)) throw new InvalidInputError('every predictor column must have one value per outcome');
  for (let i = 0; i < n; i++) if (y[i] !== 0 && y[i] !== 1) throw new InvalidInputError(`outcome at row ${i + 1} is ${y[i]}, expected 0/1`);
  const maxit = options.maxit ?? 100_000;
  const scaling = columnScaling(columns);
  const X = standardizeColumns(columns, scaling);
  const ju = Uint8Array.from(scaling.sds, (s) => (s > 0 ? 1 : 0));
  const w = 1 / n;

  let q0 = 0;
  for (let i = 0; i < n; i++) q0 += w * y[i];
  if (q0 <= PMIN || q0 >= 1 - PMIN) throw new InvalidInputError('the outcome has a single class; a logistic model needs events and non-events');
  const bz = Math.log(q0 / (1 - q0));
  // Null deviance per observation / 2 (glmnet's dev0 with weights summing to 1).
  const dev0 = -(bz * q0 + Math.log(1 - q0));
  const thr = (options.thresh ?? 1e-7) * dev0;

  const b = new Float64Array(p);
  const bs = new Float64Array(p);
  let b0 = bz;
  let bs0 = bz;
  const q = new Float64Array(n).fill(q0);
  const v = new Float64Array(n).fill(w * q0 * (1 - q0));
  const r = Float64Array.from(y, (yi) => w * (yi - q0));
  let xmz = q0 * (1 - q0);
  const xv = new Float64Array(p);
  const eta = new Float64Array(n);
  const ga = new Float64Array(p);
  const strong = new Uint8Array(p);
  const isActive = new Uint8Array(p);
  const active: number[] = [];
  const dot = (x: Float64Array, z: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i] * z[i];
    return s;
  };
  for (let j = 0; j < p; j++) if (ju[j]) ga[j] = Math.abs(dot(r, X[j]));
  let lambdaMax = 0;
  for (let j = 0; j < p; j++) if (ju[j]) lambdaMax = Math.max(lambdaMax, ga[j]);
  lambdaMax /= Math.max(alpha, 1e-3);

  const userLambda = options.lambda !== undefined;
  const nlam = userLambda ? options.lambda!.length : options.nlambda ?? 100;
  const flmin = userLambda ? 1 : options.lambdaMinRatio ?? (n < p ? 0.01 : 1e-4);
  const alf = userLambda ? 1 : Math.pow(Math.max(1e-6, flmin), 1 / (nlam - 1));
  const limit = Math.min(nlam, options.stopAfter ?? Infinity);

  let nlp = 0;
  let dlx = 0;
  const lamOut: number[] = [], a0Out: number[] = [], dfOut: number[] = [], devOut: number[] = [];
  const betaOut: Float64Array[] = [];
  let lmdaCurr = 0;
  let warning: string | undefined;

  const updateBeta = (k: number, l1: number, l2: number): void => {
    const old = b[k];
    const gk = dot(r, X[k]);
    const u = gk + xv[k] * old;
    const au = Math.abs(u) - l1;
    const nb = au > 0 ? (Math.sign(u) * au) / (xv[k] + l2) : 0;
    if (nb === old) return;
    if (!isActive[k]) {
      isActive[k] = 1;
      active.push(k);
    }
    const d = nb - old;
    b[k] = nb;
    dlx = Math.max(dlx, xv[k] * d * d);
    const x = X[k];
    for (let i = 0; i < n; i++) r[i] -= d * v[i] * x[i];
  };
  const updateIntercept = (): void => {
    let s = 0;
    for (let i = 0; i < n; i++) s += r[i];
    const d = s / xmz;
    b0 += d;
    dlx = Math.max(dlx, xmz * d * d);
    for (let i = 0; i < n; i++) r[i] -= d * v[i];
  };
  /** One coordinate-descent pass (over the strong set, or the active set) and the intercept. */
  const pass = (full: boolean, l1: number, l2: number): boolean => {
    if (++nlp > maxit) throw new MaxitReached();
    dlx = 0;
    if (full) {
      for (let k = 0; k < p; k++) if (strong[k] && ju[k]) updateBeta(k, l1, l2);
    } else for (let t = 0; t < active.length; t++) updateBeta(active[t], l1, l2);
    updateIntercept();
    return dlx < thr;
  };

  for (let m = 0; m < limit; m++) {
    let alm0 = lmdaCurr;
    let alm: number;
    if (userLambda) alm = options.lambda![m];
    else if (m > 1) alm = alm0 * alf;
    else if (m === 0) alm = 9.9e35;
    else {
      alm0 = lambdaMax;
      alm = alm0 * alf;
    }
    lmdaCurr = alm;
    const l1 = alm * alpha;
    const l2 = alm * (1 - alpha);
    // Sequential strong rule (cumulative: a feature once strong stays strong).
    const tlam = alpha * (2 * alm - alm0);
    for (let k = 0; k < p; k++) if (!strong[k] && ju[k] && ga[k] > tlam) strong[k] = 1;

    try {
    for (;;) {
      // setup_wls: remember the start of this IRLS step and the weighted column variances.
      bs0 = b0;
      for (const k of active) bs[k] = b[k];
      for (let k = 0; k < p; k++) {
        if (!strong[k] || !ju[k]) continue;
        const x = X[k];
        let s = 0;
        for (let i = 0; i < n; i++) s += v[i] * x[i] * x[i];
        xv[k] = s;
      }
      // wls: full passes, with partial passes over the active set in between.
      while (!pass(true, l1, l2)) while (!pass(false, l1, l2));
      // update_irls: new probabilities, weights and residuals.
      eta.fill(b0);
      for (const k of active) {
        const bk = b[k];
        if (bk === 0) continue;
        const x = X[k];
        for (let i = 0; i < n; i++) eta[i] += bk * x[i];
      }
      for (let i = 0; i < n; i++) {
        const fi = eta[i];
        q[i] = fi < -FMAX ? 0 : fi > FMAX ? 1 : 1 / (1 + Math.exp(-fi));
      }
      xmz = 0;
      for (let i = 0; i < n; i++) {
        v[i] = w * q[i] * (1 - q[i]);
        xmz += v[i];
        r[i] = w * (y[i] - q[i]);
      }
      if (xmz <= VMIN) break;
      let converged = xmz * (b0 - bs0) ** 2 < thr;
      if (converged) for (const k of active) if (xv[k] * (b[k] - bs[k]) ** 2 >= thr) converged = false;
      if (!converged) continue;
      let kktPassed = true;
      for (let k = 0; k < p; k++) {
        if (strong[k] || !ju[k]) continue;
        ga[k] = Math.abs(dot(r, X[k]));
        if (ga[k] > l1) {
          strong[k] = 1;
          kktPassed = false;
        }
      }
      if (kktPassed) break;
    }
    } catch (e) {
      if (!(e instanceof MaxitReached)) throw e;
      warning = `convergence for the ${m + 1}th λ not reached after maxit = ${maxit} passes; solutions for larger λ returned`;
      break;
    }

    const bOrig = new Float64Array(p);
    let a0 = b0;
    let df = 0;
    for (const k of active) {
      if (b[k] === 0) continue;
      df++;
      bOrig[k] = b[k] / scaling.sds[k];
      a0 -= bOrig[k] * scaling.means[k];
    }
    let devi = 0;
    for (let i = 0; i < n; i++) {
      const pi = Math.min(Math.max(PMIN, q[i]), 1 - PMIN);
      devi -= w * (y[i] * Math.log(pi) + (1 - y[i]) * Math.log(1 - pi));
    }
    const devRatio = (dev0 - devi) / dev0;
    lamOut.push(m === 0 && !userLambda ? lambdaMax : alm);
    a0Out.push(a0);
    betaOut.push(bOrig);
    dfOut.push(df);
    devOut.push(devRatio);
    if (xmz <= VMIN) break;
    if (userLambda || m + 1 < Math.min(5, nlam)) continue;
    const gain = devRatio - (m > 0 ? devOut[m - 1] : 0);
    if (gain < 1e-5 || devRatio > 0.999) break;
  }
  return {
    lambda: Float64Array.from(lamOut),
    a0: Float64Array.from(a0Out),
    beta: betaOut,
    df: Int32Array.from(dfOut),
    devRatio: Float64Array.from(devOut),
    nullDeviance: 2 * n * dev0,
    lambdaMax,
    scaling,
    ...(warning ? { warning } : {}),
  };
}
