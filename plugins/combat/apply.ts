/**
 * Harmonizes new cases with saved estimates (neuroCombatFromTraining, or neuroHarmonize-style with
 * the cases' own covariates; see `CovariateMode`).
 */
import { InvalidInputError } from '../../core/errors.js';
import { adjust, type CovariateMode } from './adjust.js';
import { covariateDesign, type CovariateColumn } from './design.js';
import { checkComplete } from './combat.js';
import type { CombatEstimates } from './types.js';

export interface ApplyInput {
  /** Feature columns in the order of `estimates.features`. */
  features: Float64Array[];
  batch: string[];
  /** Needed in `per-case` mode when the estimates have covariates. */
  covariates?: CovariateColumn[];
}

export function applyCombat(input: ApplyInput, estimates: CombatEstimates, mode: CovariateMode = 'per-case'): Float64Array[] {
  if (input.features.length !== estimates.features.length) {
    throw new InvalidInputError(`the estimates cover ${estimates.features.length} features, the data has ${input.features.length}`);
  }
  const unknown = [...new Set(input.batch)].filter((b) => !estimates.batches.includes(b));
  if (unknown.length) {
    throw new InvalidInputError(
      `batches ${unknown.join(', ')} are not part of the training data (${estimates.batches.join(', ')})`,
      {},
      'ComBat estimates exist only for batches seen in the fit; refit including them',
    );
  }
  checkComplete(input.features, estimates.features);
  const at = new Map(estimates.batches.map((b, i) => [b, i]));
  const batch = Int32Array.from(input.batch, (b) => at.get(b) as number);
  const z = mode === 'per-case' && estimates.covariates.length ? covariateDesign(input.covariates ?? [], estimates.covariates).columns : [];
  return adjust({ y: input.features, batch, z }, estimates, mode);
}
