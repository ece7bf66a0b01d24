/**
 * Centralized ComBat (neuroCombat 0.2.12 semantics) as a plain function over columns. It runs the
 * same sufficient-statistics path as the federated stage, with all cases as one part.
 */
import { InvalidInputError } from '../../core/errors.js';
import { adjust } from './adjust.js';
import { batchIndex, covariateDesign, covariateSpecs, sortLevels, type CovariateColumn, type CovariateSpec } from './design.js';
import { checkBatchCounts, estimateCombat } from './estimate.js';
import { solveBeta } from './fit.js';
import { computeMoments, computeResidualSums, type DesignData } from './moments.js';
import { resolveCombatOptions, type CombatEstimates, type CombatOptions } from './types.js';

export interface CombatInput {
  /** Feature columns, each with one value per case. */
  features: Float64Array[];
  featureNames: string[];
  /** Batch (scanner/site) label of each case. */
  batch: string[];
  /** Biological covariates to preserve. @default [] */
  covariates?: CovariateColumn[];
}

export interface CombatResult {
  /** Harmonized feature columns, in input order. */
  data: Float64Array[];
  estimates: CombatEstimates;
}

/** Throws a clear error for missing values: ComBat needs complete features. */
export function checkComplete(features: Float64Array[], names: string[], ids?: string[]): void {
  const bad: string[] = [];
  features.forEach((col, f) => {
    let missing = 0;
    let first = -1;
    for (let i = 0; i < col.length; i++) {
      if (!Number.isFinite(col[i])) {
        missing++;
        if (first < 0) first = i;
      }
    }
    if (missing > 0) bad.push(`${names[f]} (${missing} missing, first at ${ids ? `case ${ids[first]}` : `row ${first + 1}`})`);
  });
  if (bad.length) {
    throw new InvalidInputError(
      `ComBat needs complete features; missing or non-finite values in ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ` and ${bad.length - 10} more` : ''}`,
      {},
      'Impute them, or drop those features or cases before harmonization',
    );
  }
}

/** Column names of the full design, for error messages (batch indicators, then covariates). */
export function designColumnNames(batches: string[], covariateColumns: string[]): string[] {
  return [...batches.map((b) => `batch "${b}"`), ...covariateColumns.map((c) => `covariate ${c}`)];
}

export function combat(input: CombatInput, opts: CombatOptions = {}): CombatResult {
  const options = resolveCombatOptions(opts);
  const covariates = input.covariates ?? [];
  const n = input.batch.length;
  input.features.forEach((c, f) => {
    if (c.length !== n) throw new InvalidInputError(`feature ${input.featureNames[f]} has ${c.length} values for ${n} cases`);
  });
  checkComplete(input.features, input.featureNames);
  const batches = sortLevels(input.batch);
  const specs: CovariateSpec[] = covariateSpecs(covariates);
  const design = covariateDesign(covariates, specs);
  const data: DesignData = { batch: batchIndex(input.batch, batches), nBatch: batches.length, z: design.columns, y: input.features };
  const moments = computeMoments(data);
  checkBatchCounts(batches, moments.count, options, input.features.length);
  const beta = solveBeta(moments, designColumnNames(batches, design.names));
  const residuals = computeResidualSums(data, beta);
  const estimates = estimateCombat({
    features: input.featureNames,
    batches,
    covariates: specs,
    covariateColumns: design.names,
    moments,
    beta,
    residuals,
    options,
  });
  return { data: adjust(data, estimates, 'per-case'), estimates };
}
