/**
 * Stratified bootstrap of the AUC, pROC conventions: cases and controls are resampled
 * separately with their sizes kept (`boot.stratified = TRUE`), 2000 replicates, and the interval
 * is the type-7 percentile interval of the replicate AUCs.
 */
import { quantileType7 } from '../../core/stats/quantile-type7.js';
import { aucMannWhitney } from './auc-fast.js';
import type { Direction } from './delong.js';
import { xoshiro128 } from '../../core/random.js';

export interface BootstrapOptions {
  /** Number of replicates. @default 2000 */
  replicates?: number;
  /** Seed of the resampling generator (xoshiro128**; R's stream cannot be reproduced). @default 1 */
  seed?: number;
  /** Confidence level. @default 0.95 */
  level?: number;
  /** @default '<' */
  direction?: Direction;
}

export interface BootstrapAucResult {
  /** [lower, median, upper] type-7 percentiles of the replicate AUCs. */
  ci: [number, number, number];
  aucs: Float64Array;
  replicates: number;
  level: number;
}

/** One replicate: 0-based row indices into `cases` and into `controls`. */
export interface Resample {
  cases: ArrayLike<number>;
  controls: ArrayLike<number>;
}

/** Percentile CI from given resamples (used with fixed indices to check the convention). */
export function bootstrapAucFromResamples(
  cases: ArrayLike<number>,
  controls: ArrayLike<number>,
  resamples: Resample[],
  level = 0.95,
  direction: Direction = '<',
): BootstrapAucResult {
  const aucs = new Float64Array(resamples.length);
  const bx = new Float64Array(cases.length);
  const by = new Float64Array(controls.length);
  resamples.forEach((r, b) => {
    for (let i = 0; i < bx.length; i++) bx[i] = cases[r.cases[i]];
    for (let j = 0; j < by.length; j++) by[j] = controls[r.controls[j]];
    aucs[b] = aucMannWhitney(bx, by, direction);
  });
  const a = (1 - level) / 2;
  const [lo, mid, hi] = quantileType7(aucs, [a, 0.5, 1 - a]);
  return { ci: [lo, mid, hi], aucs, replicates: resamples.length, level };
}

/** Stratified bootstrap CI of the AUC with a seeded generator. */
export function bootstrapAuc(cases: ArrayLike<number>, controls: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapAucResult {
  const { replicates = 2000, seed = 1, level = 0.95, direction = '<' } = options;
  const rand = xoshiro128(seed);
  const m = cases.length;
  const n = controls.length;
  const resamples: Resample[] = [];
  for (let b = 0; b < replicates; b++) {
    const ci = new Int32Array(m);
    const cj = new Int32Array(n);
    for (let i = 0; i < m; i++) ci[i] = Math.floor(rand() * m);
    for (let j = 0; j < n; j++) cj[j] = Math.floor(rand() * n);
    resamples.push({ cases: ci, controls: cj });
  }
  return bootstrapAucFromResamples(cases, controls, resamples, level, direction);
}
