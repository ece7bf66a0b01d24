/** Joins per-case tables on case_id (inner join, left order). */
import { InvalidInputError } from '../errors.js';
import { rowCount, textColumn, type Column, type Table } from './table.js';

export function caseIds(t: Table): string[] {
  if (!t.columns.case_id) throw new InvalidInputError('the table has no case_id column');
  const c = t.columns.case_id;
  return Array.isArray(c) ? c : Array.from(c, String);
}

export function joinOnCaseId(left: Table, right: Table): Table {
  const index = new Map(caseIds(right).map((id, i) => [id, i]));
  const keep: [number, number][] = [];
  caseIds(left).forEach((id, i) => {
    const j = index.get(id);
    if (j !== undefined) keep.push([i, j]);
  });
  const pick = (c: Column, side: 0 | 1): Column =>
    c instanceof Float64Array ? Float64Array.from(keep, (k) => c[k[side]]) : keep.map((k) => c[k[side]]);
  const names = [...left.names, ...right.names.filter((n) => !left.names.includes(n))];
  const columns: Record<string, Column> = {};
  for (const n of left.names) columns[n] = pick(left.columns[n], 0);
  for (const n of right.names) if (!(n in columns)) columns[n] = pick(right.columns[n], 1);
  return { names, columns };
}

/** Numeric feature columns: every numeric column except case_id and the named ones. */
export function featureNames(t: Table, opts: { exclude?: string[]; pattern?: string } = {}): string[] {
  const re = opts.pattern ? new RegExp(opts.pattern) : null;
  const exclude = new Set(['case_id', ...(opts.exclude ?? [])]);
  return t.names.filter((n) => !exclude.has(n) && t.columns[n] instanceof Float64Array && (!re || re.test(n)));
}

export { rowCount, textColumn };
