/**
 * A column-major table: the in-memory form of every stage table (Arrow in memory, Parquet on disk).
 * `case_id` is the first column of every per-case table.
 */
export type Column = Float64Array | string[];

export interface Table {
  /** Column names in order. */
  names: string[];
  /** Columns by name; numeric columns are Float64Array (NaN = missing), text columns string[]. */
  columns: Record<string, Column>;
}

export function rowCount(t: Table): number {
  const first = t.names[0];
  return first === undefined ? 0 : t.columns[first].length;
}

export function numericColumn(t: Table, name: string): Float64Array {
  const c = t.columns[name];
  if (!(c instanceof Float64Array)) throw new Error(`column ${name} is ${c ? 'text' : 'missing'}, expected numeric`);
  return c;
}

export function textColumn(t: Table, name: string): string[] {
  const c = t.columns[name];
  if (!Array.isArray(c)) throw new Error(`column ${name} is ${c ? 'numeric' : 'missing'}, expected text`);
  return c;
}

/** Builds a table from row objects; a column is numeric when every non-null value is a number. */
export function tableFromRows(rows: Record<string, unknown>[], order?: string[]): Table {
  const names = order ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const columns: Record<string, Column> = {};
  for (const name of names) {
    const values = rows.map((r) => r[name]);
    const numeric = values.every((v) => v === null || v === undefined || typeof v === 'number');
    columns[name] = numeric
      ? Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN))
      : values.map((v) => (v === null || v === undefined ? '' : String(v)));
  }
  return { names, columns };
}

export function rowsFromTable(t: Table): Record<string, number | string>[] {
  const n = rowCount(t);
  const rows: Record<string, number | string>[] = [];
  for (let i = 0; i < n; i++) {
    const row: Record<string, number | string> = {};
    for (const name of t.names) row[name] = t.columns[name][i];
    rows.push(row);
  }
  return rows;
}

/** Keeps the named columns, in the given order. */
export function selectColumns(t: Table, names: string[]): Table {
  const columns: Record<string, Column> = {};
  for (const n of names) {
    if (!(n in t.columns)) throw new Error(`no column ${n}`);
    columns[n] = t.columns[n];
  }
  return { names: [...names], columns };
}
