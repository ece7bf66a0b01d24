/**
 * A small CSV reader into a `Table` (numeric columns where every non-empty value parses), for
 * the CLI and tests; RFC 4180 quoting. Parquet goes through core/tables/parquet.ts.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Column, Table } from '../../core/tables/table.js';

export function parseCsv(text: string): string[][] {
  // Fast path for the common unquoted file (wide feature tables): plain splits.
  if (!text.includes('"')) {
    return text
      .split(/\r?\n/)
      .filter((l) => l.length > 0)
      .map((l) => l.split(','));
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Reads a CSV (optionally .gz) file; `NA` and empty cells are NaN in numeric columns. */
export function readCsvTable(path: string): Table {
  const buf = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  const [header, ...rows] = parseCsv(text);
  const names = header.map((h) => h.trim());
  const columns: Record<string, Column> = {};
  names.forEach((name, c) => {
    const raw = rows.map((r) => r[c] ?? '');
    const parsed = Float64Array.from(raw, (v) => (v === '' || v === 'NA' ? NaN : Number(v)));
    let numeric = true;
    for (let i = 0; i < raw.length && numeric; i++) if (Number.isNaN(parsed[i]) && raw[i] !== '' && raw[i] !== 'NA') numeric = false;
    columns[name] = numeric ? parsed : raw;
  });
  return { names, columns };
}
