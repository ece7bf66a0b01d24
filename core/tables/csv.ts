/** CSV reading and writing (RFC 4180: quoted fields, embedded commas, quotes and newlines). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { rowCount, type Column, type Table } from './table.js';

export function parseCsv(text: string): string[][] {
  // Fast path for the common unquoted file (wide feature tables): plain splits.
  if (!text.includes('"')) {
    return text.split(/\r?\n/).filter((l) => l.length > 0).map((l) => l.split(','));
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') inQuotes = false;
      else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const isMissing = (v: string) => v === '' || v === 'NA' || v === 'NaN';

/**
 * Parses CSV text into a table. A column is numeric when every cell parses as a number or is
 * missing (empty, NA, NaN → NaN) and at least one is not missing; otherwise it is text.
 */
export function csvToTable(text: string): Table {
  const [header, ...rows] = parseCsv(text);
  if (!header) return { names: [], columns: {} };
  const names = header.map((h) => h.trim());
  const columns: Record<string, Column> = {};
  names.forEach((name, j) => {
    const raw = rows.map((r) => (r[j] ?? '').trim());
    const values = Float64Array.from(raw, (v) => (isMissing(v) ? NaN : Number(v)));
    let numeric = raw.some((v) => !isMissing(v));
    for (let i = 0; i < raw.length && numeric; i++) if (Number.isNaN(values[i]) && !isMissing(raw[i])) numeric = false;
    columns[name] = numeric ? values : raw;
  });
  return { names, columns };
}

/** Reads a CSV file (gzip-compressed when it ends in .gz) into a table. */
export function readCsvTable(path: string): Table {
  const buf = readFileSync(path);
  return csvToTable((path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8'));
}

function quote(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function tableToCsv(t: Table): string {
  const lines = [t.names.map(quote).join(',')];
  const n = rowCount(t);
  for (let i = 0; i < n; i++) {
    lines.push(t.names.map((name) => {
      const v = t.columns[name][i];
      return typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : quote(v);
    }).join(','));
  }
  return lines.join('\n') + '\n';
}
