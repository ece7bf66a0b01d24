/**
 * Pooled least-squares fit of the ComBat design from its cross-products, and detection of features
 * that are constant within a batch.
 */
import { NumericalError } from '../../core/errors.js';
import { cholesky, choleskySolveInPlace } from '../../core/stats/linalg.js';
import type { Moments } from './moments.js';

/**
 * β = (XᵀX)⁻¹XᵀY for the one-hot design ((nBatch + pz) × F, row-major). neuroCombat parametrises
 * the reference-batch design differently (a column of ones), which spans the same space: fitted
 * values and residuals are identical, so we always fit the one-hot design.
 */
export function solveBeta(m: Moments, columnNames: string[]): Float64Array {
  const q = m.nBatch + m.pz;
  const F = m.nFeatures;
  const chol = cholesky(m.xtx, q);
  if (chol.type === 'singular') {
    const name = columnNames[chol.column] ?? `column ${chol.column}`;
    throw new NumericalError(
      `the ComBat design is singular: ${name} is a linear combination of the batch indicators and the covariates before it (confounded with batch, or constant)`,
      {},
      'Remove that covariate, or merge the batches it separates',
    );
  }
  const beta = new Float64Array(q * F);
  const rhs = new Float64Array(q);
  for (let f = 0; f < F; f++) {
    for (let k = 0; k < q; k++) rhs[k] = m.xty[k * F + f];
    choleskySolveInPlace(chol.L, q, rhs);
    for (let k = 0; k < q; k++) beta[k * F + f] = rhs[k];
  }
  return beta;
}

/**
 * Features whose values are identical (relative spread < 1e-12) within some batch of ≥ 2 cases
 * (`any`), or within every such batch (`all`, for mean-only ComBat, which never scales). A zero
 * per-batch variance cannot be scaled: like sva's ComBat, we leave those features unchanged and
 * keep them out of the empirical-Bayes priors.
 */
export function constantWithinBatch(m: Moments, mode: 'any' | 'all' = 'any'): boolean[] {
  const { nBatch: B, nFeatures: F } = m;
  const hits = new Array<number>(F).fill(0);
  let batches = 0;
  for (let b = 0; b < B; b++) {
    const n = m.count[b];
    if (n < 2) continue;
    batches++;
    for (let f = 0; f < F; f++) {
      const mean = m.xty[b * F + f] / n;
      const tol = n * (1e-12 * mean) ** 2;
      if (m.m2[b * F + f] <= tol) hits[f]++;
    }
  }
  return hits.map((h) => (mode === 'any' ? h > 0 : batches > 0 && h === batches));
}
