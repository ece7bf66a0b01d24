/** Writes a CLI result table as CSV or Parquet, by extension (atomically). */
import { writeFileAtomic } from '../../core/artifacts/atomic-write.js';
import { InvalidInputError } from '../../core/errors.js';
import { tableToCsv } from '../../core/tables/csv.js';
import { writeParquet } from '../../core/tables/parquet.js';
import type { Table } from '../../core/tables/table.js';

export function writeOutputTable(t: Table, path: string): void {
  if (/\.parquet$/i.test(path)) writeParquet(t, path);
  else if (/\.csv$/i.test(path)) writeFileAtomic(path, tableToCsv(t));
  else throw new InvalidInputError(`cannot write ${path}`, { file: path }, 'Give a .csv or .parquet output file');
}

/** `dir/name.ext` → `dir/name<suffix>.ext` (a .csv.gz input gives a .csv output). */
export function siblingPath(path: string, suffix: string): string {
  const m = /^(.*?)(\.csv\.gz|\.csv|\.parquet)$/i.exec(path);
  if (!m) return `${path}${suffix}.csv`;
  return `${m[1]}${suffix}${m[2].toLowerCase() === '.csv.gz' ? '.csv' : m[2]}`;
}
