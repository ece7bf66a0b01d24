/** Reads a CSV (optionally gzipped) or Parquet table for the CLI commands, by file extension. */
import { readParquet } from '../../core/tables/parquet.js';
import type { Table } from '../../core/tables/table.js';
import { InvalidInputError } from '../../core/errors.js';
import { readCsvTable } from '../../core/tables/csv.js';

export function readInputTable(path: string): Table {
  if (/\.parquet$/i.test(path)) return readParquet(path);
  if (/\.csv(\.gz)?$/i.test(path)) return readCsvTable(path);
  throw new InvalidInputError(`cannot read ${path}`, { file: path }, 'Give a .csv, .csv.gz or .parquet file');
}

/** A numeric column, or a clear error naming the columns that exist. */
export function requireNumeric(t: Table, name: string, file: string): Float64Array {
  const c = t.columns[name];
  if (!c) throw new InvalidInputError(`no column "${name}"`, { file }, `Columns are: ${t.names.slice(0, 20).join(', ')}${t.names.length > 20 ? ', …' : ''}`);
  if (!(c instanceof Float64Array)) throw new InvalidInputError(`column "${name}" is not numeric`, { file });
  return c;
}
