/**
 * Reads what a harmonization or selection stage needs at one site: the feature table of an upstream
 * stage joined by case_id with the site's cases (batch, covariates).
 */
import { InvalidInputError } from '../../core/errors.js';
import type { SiteTableContext } from '../../core/plugin.js';
import { rowCount, type Column, type Table } from '../../core/tables/table.js';
import type { CovariateColumn } from './design.js';

export interface FeatureSelection {
  /** Regex on column names; default: every numeric column that is not an id, batch or covariate. */
  features?: string;
  /** Columns never taken as features. */
  exclude: string[];
}

/** Column values as strings (numbers printed as JavaScript does; NaN → ''). */
export function asText(c: Column): string[] {
  return Array.isArray(c) ? c : Array.from(c, (v) => (Number.isNaN(v) ? '' : String(v)));
}

/** Names of the feature columns of `table`. */
export function featureColumns(table: Table, sel: FeatureSelection): string[] {
  const re = sel.features ? new RegExp(sel.features) : null;
  const skip = new Set(['case_id', ...sel.exclude]);
  const names = table.names.filter((n) => !skip.has(n) && (re ? re.test(n) : table.columns[n] instanceof Float64Array));
  const text = names.filter((n) => !(table.columns[n] instanceof Float64Array));
  if (text.length) throw new InvalidInputError(`feature columns must be numeric; ${text.slice(0, 5).join(', ')} hold text`, {}, 'Narrow the features regex');
  if (names.length === 0) throw new InvalidInputError(`no feature columns${re ? ` match /${sel.features}/` : ''} among ${table.names.slice(0, 8).join(', ')}…`);
  return names;
}

/** Left-joins `right`'s columns onto `left` by case_id (rows of `left` kept, in order). */
export function joinByCaseId(left: Table, right: Table, where: { site?: string } = {}): Table {
  const leftIds = asText(left.columns.case_id ?? []);
  const rightIds = asText(right.columns.case_id ?? []);
  if (!left.columns.case_id || !right.columns.case_id) throw new InvalidInputError('both tables need a case_id column', where);
  const at = new Map(rightIds.map((id, i) => [id, i]));
  const names = [...left.names];
  const columns: Record<string, Column> = { ...left.columns };
  for (const name of right.names) {
    if (name === 'case_id' || name in columns) continue;
    const src = right.columns[name];
    const idx = leftIds.map((id) => at.get(id));
    columns[name] = Array.isArray(src) ? idx.map((i) => (i === undefined ? '' : src[i])) : Float64Array.from(idx, (i) => (i === undefined ? NaN : src[i]));
    names.push(name);
  }
  return { names, columns };
}

export interface SiteFeatures {
  table: Table;
  caseIds: string[];
  featureNames: string[];
  features: Float64Array[];
  batch: string[];
  covariates: CovariateColumn[];
}

export interface SiteFeatureParams {
  from: string;
  batch: string;
  covariates: string[];
  categorical?: string[];
  features?: string;
}

/** The joined site table, split into features, batch labels and covariates. */
export async function readSiteFeatures(ctx: SiteTableContext, p: SiteFeatureParams): Promise<SiteFeatures> {
  const upstream = await ctx.table(p.from);
  const table = joinByCaseId(upstream, ctx.cases, { site: ctx.site });
  const n = rowCount(table);
  const caseIds = asText(table.columns.case_id);
  const categorical = new Set(p.categorical ?? []);
  const covariates: CovariateColumn[] = p.covariates.map((name) => {
    const c = table.columns[name];
    if (!c) throw new InvalidInputError(`covariate column "${name}" is in neither stage ${p.from}'s table nor cases.csv`, { site: ctx.site });
    if (categorical.has(name) || Array.isArray(c)) return { name, type: 'categorical', values: asText(c) };
    return { name, type: 'continuous', values: c };
  });
  let batch: string[];
  if (p.batch === 'site') batch = new Array<string>(n).fill(ctx.site);
  else {
    const c = table.columns[p.batch];
    if (!c) throw new InvalidInputError(`batch column "${p.batch}" is in neither stage ${p.from}'s table nor cases.csv`, { site: ctx.site }, "Use batch: 'site' or add the column");
    batch = asText(c);
    const empty = batch.findIndex((b) => b === '');
    if (empty >= 0) throw new InvalidInputError(`batch "${p.batch}" is empty`, { site: ctx.site, caseId: caseIds[empty] });
  }
  const featureNames = featureColumns(upstream, { features: p.features, exclude: [p.batch, ...p.covariates] });
  return { table, caseIds, featureNames, features: featureNames.map((f) => table.columns[f] as Float64Array), batch, covariates };
}
