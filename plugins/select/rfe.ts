/**
 * Recursive feature elimination with a logistic model: fit on the active features (standardized by
 * the pooled mean and sd), drop the `step` features with the smallest |coefficient|, refit, until
 * `keep` remain. The pooled version here is the reference for the federated `select.rfe` stage,
 * which takes the same Newton steps from per-site gradient and Hessian sums.
 */
import { fitLogistic, type DesignMatrix } from '../train/logistic-newton.js';

export interface RfeOptions {
  keep: number;
  /** Features removed per elimination. @default 1 */
  step?: number;
  /** Ridge penalty (standardized scale; keeps separable or collinear data solvable). @default 1e-4 */
  l2?: number;
  tol?: number;
}

export interface RfeResult {
  /** Indices of the features kept, ascending. */
  kept: number[];
  /** Eliminated feature indices in order, with the |coefficient| that decided it. */
  eliminated: { feature: number; coefficient: number }[];
  /** Final model on the kept features: [intercept, ...kept]. */
  beta: number[];
}

/** Which active features go: the `step` smallest |β| (ties: the later feature first). */
export function eliminate(active: number[], beta: ArrayLike<number>, step: number, keep: number): { feature: number; coefficient: number }[] {
  const ranked = active.map((f, j) => ({ feature: f, coefficient: Math.abs(beta[j + 1]) })).sort((a, b) => a.coefficient - b.coefficient || b.feature - a.feature);
  return ranked.slice(0, Math.min(step, active.length - keep));
}

/** Pooled RFE over standardized columns `z` (feature-major) and 0/1 outcome `y`. */
export function rfeLogistic(z: Float64Array[], y: Float64Array, o: RfeOptions): RfeResult {
  const step = o.step ?? 1;
  const l2 = o.l2 ?? 1e-4;
  let active = z.map((_, f) => f);
  const eliminated: RfeResult['eliminated'] = [];
  const n = y.length;
  for (;;) {
    const p = active.length + 1;
    const x = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      x[i * p] = 1;
      active.forEach((f, j) => (x[i * p + j + 1] = z[f][i]));
    }
    const d: DesignMatrix = { x, y, n, p };
    const { beta } = fitLogistic(d, { l2, tol: o.tol ?? 1e-10 });
    if (active.length <= o.keep) return { kept: [...active], eliminated, beta };
    const out = eliminate(active, beta, step, o.keep);
    eliminated.push(...out);
    const gone = new Set(out.map((e) => e.feature));
    active = active.filter((f) => !gone.has(f));
  }
}
