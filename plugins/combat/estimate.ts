/**
 * From pooled sufficient statistics to ComBat estimates: standardization (grand mean, pooled
 * variance), per-batch location/scale, priors and the empirical-Bayes posteriors. Runs at the
 * coordinator in the federated stage and inside the central function: both give the same numbers.
 */
import { InvalidInputError } from '../../core/errors.js';
import { fSf } from '../../core/stats/beta-dist.js';
import type { CovariateSpec } from './design.js';
import { aPrior, bPrior, mean, nonParametricSolve, parametricSolve, variance } from './empirical-bayes.js';
import { constantWithinBatch } from './fit.js';
import type { Moments, ResidualSums } from './moments.js';
import type { BatchEffect, CombatEstimates, ResolvedCombatOptions } from './types.js';

export interface EstimateInput {
  features: string[];
  batches: string[];
  covariates: CovariateSpec[];
  covariateColumns: string[];
  moments: Moments;
  beta: Float64Array;
  residuals: ResidualSums;
  options: ResolvedCombatOptions;
}

/** Checks that must hold before fitting: enough cases per batch, and features for the priors. */
export function checkBatchCounts(batches: string[], counts: ArrayLike<number>, options: ResolvedCombatOptions, nFeatures: number): void {
  batches.forEach((b, i) => {
    if (counts[i] === 0) throw new InvalidInputError(`batch "${b}" has no cases`);
    if (counts[i] < 2 && !options.meanOnly) {
      throw new InvalidInputError(
        `batch "${b}" has ${counts[i]} case: ComBat estimates a variance per batch, which needs at least 2 cases`,
        {},
        'Merge it with a similar batch, drop it, or use meanOnly',
      );
    }
  });
  if (options.refBatch !== null && !batches.includes(options.refBatch)) {
    throw new InvalidInputError(`reference batch "${options.refBatch}" is not among the batches ${batches.join(', ')}`);
  }
  if (options.eb && nFeatures < 2) {
    throw new InvalidInputError(`empirical Bayes pools information across features and needs at least 2, got ${nFeatures}`, {}, 'Use eb: false');
  }
}

export function estimateCombat(input: EstimateInput): CombatEstimates {
  const { features, batches, moments: m, beta, residuals, options } = input;
  const B = batches.length;
  const F = features.length;
  const pz = m.pz;
  const counts = Array.from(m.count);
  checkBatchCounts(batches, counts, options, F);
  const N = counts.reduce((a, b) => a + b, 0);
  const ref = options.refBatch === null ? -1 : batches.indexOf(options.refBatch);

  const constant = constantWithinBatch(m, options.meanOnly ? 'all' : 'any');
  const kept = features.map((_, f) => f).filter((f) => !constant[f]);
  if (options.eb && kept.length < 2) {
    throw new InvalidInputError(`only ${kept.length} feature(s) vary within every batch; empirical Bayes needs at least 2`, {}, 'Drop constant features or use eb: false');
  }
  const K = kept.length;

  const grandMean = new Float64Array(F);
  const varPooled = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    if (ref >= 0) {
      grandMean[f] = beta[ref * F + f];
      // With a reference batch neuroCombat pools the variance over that batch only.
      varPooled[f] = residuals.sumSq[ref * F + f] / counts[ref];
    } else {
      let g = 0;
      let v = 0;
      for (let b = 0; b < B; b++) {
        g += (counts[b] / N) * beta[b * F + f];
        v += residuals.sumSq[b * F + f];
      }
      grandMean[f] = g;
      // neuroCombat divides by n here, not n − p; we match it.
      varPooled[f] = v / N;
    }
  }

  // Per-batch mean and centered sum of squares of s = (y − grand mean − covariate effect)/√vp,
  // over the kept features only. For a case in batch b, y − (grand mean + covariates) = r + β_b − grand mean.
  const sMean: Float64Array[] = [];
  const ss: Float64Array[] = [];
  for (let b = 0; b < B; b++) {
    const mb = new Float64Array(K);
    const sb = new Float64Array(K);
    kept.forEach((f, k) => {
      const n = counts[b];
      const sr = residuals.sum[b * F + f];
      const sd = Math.sqrt(varPooled[f]);
      mb[k] = (sr / n + beta[b * F + f] - grandMean[f]) / sd;
      sb[k] = Math.max(residuals.sumSq[b * F + f] - (sr * sr) / n, 0) / varPooled[f];
    });
    sMean.push(mb);
    ss.push(sb);
  }

  // gamma_hat is neuroCombat's least-squares fit of s on its batch design; with a reference batch
  // that design has a column of ones, so the other batches' gammas are differences from it.
  const gammaHat = sMean.map((mb) => (ref >= 0 ? mb.map((v, k) => v - sMean[ref][k]) : Float64Array.from(mb)));
  if (ref >= 0) gammaHat[ref] = Float64Array.from(sMean[ref]);
  // A zero variance would become 1 in neuroCombat (convert_zeroes); constant features are already out.
  const deltaHat = ss.map((sb, b) => (options.meanOnly ? new Float64Array(K).fill(1) : sb.map((v) => (v === 0 ? 1 : v / (counts[b] - 1)))));
  const gammaBar = gammaHat.map((g) => mean(g));
  const t2 = gammaHat.map((g) => variance(g));
  // The reference batch's priors are never used (its gamma*/delta* are fixed at 0/1) and its
  // delta_hat is the constant n/(n−1), so its prior variance is 0: we report null, not ±Infinity.
  const aP = deltaHat.map((d, b) => (options.meanOnly || b === ref ? null : aPrior(d)));
  const bP = deltaHat.map((d, b) => (options.meanOnly || b === ref ? null : bPrior(d)));

  const gammaStarK: Float64Array[] = [];
  const deltaStarK: Float64Array[] = [];
  const iterations = new Array<number>(B).fill(0);
  for (let b = 0; b < B; b++) {
    const n = counts[b];
    if (!options.eb) {
      gammaStarK.push(Float64Array.from(gammaHat[b]));
      deltaStarK.push(Float64Array.from(deltaHat[b]));
    } else if (options.parametric && options.meanOnly) {
      // neuroCombat passes n = 1 and d = 1 to postmean here: the batch size is ignored.
      gammaStarK.push(gammaHat[b].map((g) => (t2[b] * g + gammaBar[b]) / (t2[b] + 1)));
      deltaStarK.push(new Float64Array(K).fill(1));
    } else if (options.parametric) {
      const r = parametricSolve(n, sMean[b], ss[b], gammaHat[b], deltaHat[b], gammaBar[b], t2[b], aP[b] as number, bP[b] as number, options.conv);
      gammaStarK.push(r.gamma);
      deltaStarK.push(r.delta);
      iterations[b] = r.iterations;
    } else {
      const r = nonParametricSolve(n, sMean[b], ss[b], gammaHat[b], deltaHat[b]);
      gammaStarK.push(r.gamma);
      deltaStarK.push(r.delta);
    }
  }
  if (ref >= 0) {
    gammaStarK[ref] = new Float64Array(K).fill(0);
    deltaStarK[ref] = new Float64Array(K).fill(1);
  }

  const batchEffect = anovaBeforeAfter(counts, sMean, ss, gammaStarK, deltaStarK, kept, F);

  // Back to all features: constant ones get gamma 0, delta 1 and are passed through unchanged.
  const expand = (rows: Float64Array[], fill: number): number[][] =>
    rows.map((row) => {
      const full = new Array<number>(F).fill(fill);
      kept.forEach((f, k) => (full[f] = row[k]));
      return full;
    });
  const q = B + pz;
  const covariateMeans: number[] = [];
  for (let c = 0; c < pz; c++) {
    let s = 0;
    for (let b = 0; b < B; b++) s += m.xtx[b * q + B + c];
    covariateMeans.push(s / N);
  }
  const betaCovariates: number[][] = [];
  for (let c = 0; c < pz; c++) betaCovariates.push(Array.from(beta.subarray((B + c) * F, (B + c + 1) * F)));

  return {
    format: 'cohortflow.combat.estimates/1',
    features: [...features],
    batches: [...batches],
    refBatch: options.refBatch,
    covariates: input.covariates,
    covariateColumns: [...input.covariateColumns],
    options,
    counts,
    grandMean: Array.from(grandMean),
    varPooled: Array.from(varPooled),
    betaCovariates,
    covariateMeans,
    gammaHat: expand(gammaHat, 0),
    deltaHat: expand(deltaHat, 1),
    gammaBar,
    t2,
    aPrior: aP,
    bPrior: bP,
    gammaStar: expand(gammaStarK, 0),
    deltaStar: expand(deltaStarK, 1),
    iterations,
    passthrough: features.filter((_, f) => constant[f]),
    batchEffect,
  };
}

/** One-way ANOVA p-value from per-group counts, means and centered sums of squares. */
function anovaP(n: number[], means: number[], ss: number[]): number {
  const N = n.reduce((a, b) => a + b, 0);
  const k = n.length;
  const grand = n.reduce((a, nb, b) => a + nb * means[b], 0) / N;
  const ssb = n.reduce((a, nb, b) => a + nb * (means[b] - grand) ** 2, 0);
  const ssw = ss.reduce((a, b) => a + b, 0);
  return k < 2 || N <= k ? NaN : fSf(ssb / (k - 1) / (ssw / (N - k)), k - 1, N - k);
}

function anovaBeforeAfter(counts: number[], sMean: Float64Array[], ss: Float64Array[], gStar: Float64Array[], dStar: Float64Array[], kept: number[], F: number): BatchEffect {
  const pBefore = new Array<number>(F).fill(NaN);
  const pAfter = new Array<number>(F).fill(NaN);
  kept.forEach((f, k) => {
    pBefore[f] = anovaP(counts, sMean.map((m) => m[k]), ss.map((s) => s[k]));
    // After: s* = (s − γ*)/√δ* within each batch.
    pAfter[f] = anovaP(
      counts,
      sMean.map((m, b) => (m[k] - gStar[b][k]) / Math.sqrt(dStar[b][k])),
      ss.map((s, b) => s[k] / dStar[b][k]),
    );
  });
  const share = (p: number[]) => (kept.length ? kept.filter((f) => p[f] < 0.05).length / kept.length : NaN);
  return { pBefore, pAfter, fractionBefore: share(pBefore), fractionAfter: share(pAfter) };
}
