/**
 * The ComBat design: batch indicators (one per level) followed by covariate columns — one dummy per
 * categorical level except the first (sorted) level, and continuous covariates as given. This is
 * neuroCombat's `make_design_matrix`; levels sort as `np.unique` does (numerically when every level
 * is a number).
 */
import { InvalidInputError } from '../../core/errors.js';

export type CovariateColumn =
  | { name: string; type: 'continuous'; values: Float64Array }
  | { name: string; type: 'categorical'; values: string[] };

/** The covariate part of a design, with the levels each categorical covariate was coded against. */
export type CovariateSpec = { name: string; type: 'continuous' } | { name: string; type: 'categorical'; levels: string[] };

/** Sorted distinct levels: numerically when every level parses as a number, else by code unit. */
export function sortLevels(values: Iterable<string>): string[] {
  const levels = [...new Set(values)];
  const numeric = levels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric ? levels.sort((a, b) => Number(a) - Number(b)) : levels.sort();
}

/** Batch index of every row against the given levels. */
export function batchIndex(batch: string[], levels: string[]): Int32Array {
  const at = new Map(levels.map((l, i) => [l, i]));
  return Int32Array.from(batch, (b) => {
    const i = at.get(b);
    if (i === undefined) throw new InvalidInputError(`batch "${b}" is not among the known batches ${levels.join(', ')}`);
    return i;
  });
}

/** The covariate columns of the design (categorical → dummies) and their names. */
export function covariateDesign(covariates: CovariateColumn[], specs: CovariateSpec[]): { columns: Float64Array[]; names: string[] } {
  const columns: Float64Array[] = [];
  const names: string[] = [];
  for (const spec of specs) {
    const cov = covariates.find((c) => c.name === spec.name);
    if (!cov) throw new InvalidInputError(`covariate "${spec.name}" is missing`, {}, 'Add the column or remove it from covariates');
    if (spec.type === 'continuous') {
      if (cov.type !== 'continuous') throw new InvalidInputError(`covariate "${spec.name}" must be numeric`, {}, 'List it under categorical, or fix its values');
      const bad = cov.values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new InvalidInputError(`covariate "${spec.name}" has a missing or non-numeric value at row ${bad + 1}`, {}, 'Impute it or drop the case');
      columns.push(cov.values);
      names.push(spec.name);
    } else {
      const values = cov.type === 'categorical' ? cov.values : Array.from(cov.values, (v) => String(v));
      const unknown = values.find((v) => !spec.levels.includes(v));
      if (unknown !== undefined) throw new InvalidInputError(`covariate "${spec.name}" has level "${unknown}", unseen when the model was fitted (levels ${spec.levels.join(', ')})`);
      for (const level of spec.levels.slice(1)) {
        columns.push(Float64Array.from(values, (v) => (v === level ? 1 : 0)));
        names.push(`${spec.name}[${level}]`);
      }
    }
  }
  return { columns, names };
}

/** Specs from data: each categorical covariate's sorted levels. */
export function covariateSpecs(covariates: CovariateColumn[]): CovariateSpec[] {
  return covariates.map((c) =>
    c.type === 'continuous' ? { name: c.name, type: 'continuous' } : { name: c.name, type: 'categorical', levels: sortLevels(c.values) },
  );
}
