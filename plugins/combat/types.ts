/** Options and estimates of ComBat, shared by the central function, the federated stage and the CLI. */
import type { CovariateSpec } from './design.js';

export interface CombatOptions {
  /** Parametric empirical-Bayes priors; `false` uses neuroCombat's non-parametric `int_eprior`. @default true */
  parametric?: boolean;
  /** Adjust the batch means only (no scaling). @default false */
  meanOnly?: boolean;
  /** Shrink the batch effects by empirical Bayes; `false` uses the per-batch estimates as they are. @default true */
  eb?: boolean;
  /** A batch whose data are left unchanged and that the others are aligned to. @default null */
  refBatch?: string | null;
  /** Convergence threshold of the parametric solver (neuroCombat and sva use 1e-4; Matlab ComBat 1e-3). @default 1e-4 */
  conv?: number;
}

export type ResolvedCombatOptions = Required<CombatOptions>;

export function resolveCombatOptions(o: CombatOptions = {}): ResolvedCombatOptions {
  return {
    parametric: o.parametric ?? true,
    meanOnly: o.meanOnly ?? false,
    eb: o.eb ?? true,
    refBatch: o.refBatch ?? null,
    conv: o.conv ?? 1e-4,
  };
}

/**
 * Everything needed to harmonize new cases, JSON-serialisable (plain arrays). Per-batch arrays are
 * indexed like `batches`; feature arrays like `features`. Names follow neuroCombat's estimates.
 */
export interface CombatEstimates {
  format: 'cohortflow.combat.estimates/1';
  /** Column that held the batch when fitted from a table (the CLI and combat-apply use it). */
  batchColumn?: string;
  features: string[];
  batches: string[];
  refBatch: string | null;
  covariates: CovariateSpec[];
  /** Names of the covariate design columns (categorical dummies are `name[level]`). */
  covariateColumns: string[];
  options: ResolvedCombatOptions;
  /** Cases per batch in the fit. */
  counts: number[];
  /** neuroCombat `stand.mean` (one value per feature). */
  grandMean: number[];
  /** neuroCombat `var.pooled`: mean squared residual over n (over the reference batch with refBatch). */
  varPooled: number[];
  /** Covariate coefficients, covariateColumns × features. */
  betaCovariates: number[][];
  /** Mean covariate design row of the fit (neuroCombatFromTraining adds its effect to every case). */
  covariateMeans: number[];
  gammaHat: number[][];
  deltaHat: number[][];
  gammaBar: number[];
  t2: number[];
  /** Inverse-gamma priors of the batch variances (null when meanOnly). */
  aPrior: (number | null)[];
  bPrior: (number | null)[];
  gammaStar: number[][];
  deltaStar: number[][];
  /** Iterations of the parametric solver per batch (0 where it did not run). */
  iterations: number[];
  /** Features constant within some batch, left unchanged. */
  passthrough: string[];
  /** Site-effect diagnostic computable from sums alone (so also in the federated stage). */
  batchEffect: BatchEffect;
}

/**
 * One-way ANOVA across batches of the standardized data (covariate effects removed), per feature,
 * before and after the adjustment; NaN for passed-through features.
 */
export interface BatchEffect {
  pBefore: number[];
  pAfter: number[];
  /** Share of (adjusted) features with p < 0.05. */
  fractionBefore: number;
  fractionAfter: number;
}
