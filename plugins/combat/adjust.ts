/**
 * The ComBat adjustment of cases given estimates:
 *   y* = ((y − m)/√vp − γ*_b)/√δ*_b · √vp + m,  m = grand mean + covariate effect.
 */
import type { CombatEstimates } from './types.js';

/**
 * How the covariate effect m is taken for each case:
 * - `per-case`: from the case's own covariates (as in the fit, and as neuroHarmonize applies a
 *   saved model); the reference batch is returned unchanged.
 * - `training-mean`: the mean covariate effect of the training cases, for every case, ignoring the
 *   case's covariates — what neuroCombatFromTraining does; needs no covariates.
 */
export type CovariateMode = 'per-case' | 'training-mean';

export interface AdjustInput {
  /** Feature columns in the order of `estimates.features`. */
  y: Float64Array[];
  /** Batch index of each case into `estimates.batches`. */
  batch: Int32Array;
  /** Covariate design columns in the order of `estimates.covariateColumns` (per-case mode). */
  z: Float64Array[];
}

export function adjust(input: AdjustInput, est: CombatEstimates, mode: CovariateMode = 'per-case'): Float64Array[] {
  const { y, batch, z } = input;
  const n = batch.length;
  const ref = est.refBatch === null ? -1 : est.batches.indexOf(est.refBatch);
  const passthrough = new Set(est.passthrough);
  const pz = est.covariateColumns.length;
  return est.features.map((name, f) => {
    const yf = y[f];
    if (passthrough.has(name)) return Float64Array.from(yf);
    const out = new Float64Array(n);
    const sd = Math.sqrt(est.varPooled[f]);
    const gm = est.grandMean[f];
    let trainingEffect = 0;
    for (let c = 0; c < pz; c++) trainingEffect += est.covariateMeans[c] * est.betaCovariates[c][f];
    const gStar = est.gammaStar.map((g) => g[f]);
    const dSqrt = est.deltaStar.map((d) => Math.sqrt(d[f]));
    for (let i = 0; i < n; i++) {
      const b = batch[i];
      if (mode === 'per-case' && b === ref) {
        out[i] = yf[i];
        continue;
      }
      let m = gm;
      if (mode === 'per-case') for (let c = 0; c < pz; c++) m += z[c][i] * est.betaCovariates[c][f];
      else m += trainingEffect;
      out[i] = (((yf[i] - m) / sd - gStar[b]) / dSqrt[b]) * sd + m;
    }
    return out;
  });
}
