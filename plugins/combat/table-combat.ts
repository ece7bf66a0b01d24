/**
 * ComBat over a table (CLI and plain use): picks the batch, covariate and feature columns, runs
 * `combat` and returns the table with harmonized features; `applyCombatTable` applies saved estimates.
 */
import { InvalidInputError } from '../../core/errors.js';
import { rowCount, type Column, type Table } from '../../core/tables/table.js';
import type { CovariateMode } from './adjust.js';
import { applyCombat } from './apply.js';
import { combat } from './combat.js';
import type { CovariateColumn } from './design.js';
import { asText, featureColumns } from './site-table.js';
import type { CombatEstimates, CombatOptions } from './types.js';

export interface TableCombatOptions extends CombatOptions {
  batch: string;
  /** @default [] */
  covariates?: string[];
  /** Covariates to treat as categorical even when numeric. @default [] */
  categorical?: string[];
  /** Regex on column names; default: numeric columns other than ids, batch and covariates. */
  features?: string;
}

/** Columns never taken as features. */
export const ID_COLUMNS = ['case_id', 'id', 'ID', 'Id', 'subject', 'subject_id'];

function column(t: Table, name: string, what: string): Column {
  const c = t.columns[name];
  if (!c) throw new InvalidInputError(`no ${what} column "${name}"`, {}, `Columns are: ${t.names.slice(0, 15).join(', ')}${t.names.length > 15 ? ', …' : ''}`);
  return c;
}

function covariateColumns(t: Table, names: string[], categorical: string[]): CovariateColumn[] {
  return names.map((name) => {
    const c = column(t, name, 'covariate');
    if (categorical.includes(name) || Array.isArray(c)) return { name, type: 'categorical', values: asText(c) };
    return { name, type: 'continuous', values: c };
  });
}

function withColumns(t: Table, names: string[], cols: Float64Array[]): Table {
  const columns = { ...t.columns };
  names.forEach((n, f) => (columns[n] = cols[f]));
  return { names: [...t.names], columns };
}

export function combatTable(t: Table, o: TableCombatOptions): { table: Table; estimates: CombatEstimates; features: string[]; batch: string[] } {
  const covariates = o.covariates ?? [];
  const batch = asText(column(t, o.batch, 'batch'));
  const features = featureColumns(t, { features: o.features, exclude: [o.batch, ...covariates, ...ID_COLUMNS] });
  const result = combat(
    { features: features.map((f) => t.columns[f] as Float64Array), featureNames: features, batch, covariates: covariateColumns(t, covariates, o.categorical ?? []) },
    o,
  );
  return { table: withColumns(t, features, result.data), estimates: { ...result.estimates, batchColumn: o.batch }, features, batch };
}

export function applyCombatTable(t: Table, est: CombatEstimates, mode: CovariateMode = 'per-case', batchColumn = est.batchColumn): Table {
  if (!batchColumn) throw new InvalidInputError('the estimates do not name their batch column', {}, 'Pass --batch');
  const missing = est.features.filter((f) => !(t.columns[f] instanceof Float64Array));
  if (missing.length) throw new InvalidInputError(`the table lacks numeric feature columns ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''} that the estimates cover`);
  const categorical = est.covariates.filter((c) => c.type === 'categorical').map((c) => c.name);
  const covariates = mode === 'per-case' ? covariateColumns(t, est.covariates.map((c) => c.name), categorical) : [];
  const out = applyCombat(
    { features: est.features.map((f) => t.columns[f] as Float64Array), batch: asText(column(t, batchColumn, 'batch')), covariates },
    est,
    mode,
  );
  if (rowCount(t) === 0) return t;
  return withColumns(t, est.features, out);
}
