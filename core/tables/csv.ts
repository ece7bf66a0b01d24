/** Minimal RFC 4180 CSV reading and writing (quoted fields, embedded commas, quotes and newlines). */
import { tableFromRows, rowCount, type Table } from './table.js';

export function parseCsv(text: string): string[][] {
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

/** Parses CSV text into a table; a column whose every non-empty cell is a number becomes numeric. */
export function csvToTable(text: string): Table {
  const [header, ...body] = parseCsv(text);
  if (!header) return { names: [], columns: {} };
  const rows = body.map((r) => {
    const o: Record<string, string | number | null> = {};
    header.forEach((h, j) => { o[h] = r[j] ?? ''; });
    return o;
  });
  const table = tableFromRows(rows, header);
  for (const name of header) {
    const cells = rows.map((r) => String(r[name] ?? ''));
    const numeric = cells.every((v) => v === '' || v === 'NA' || v === 'NaN' || Number.isFinite(Number(v)));
    if (numeric && cells.some((v) => v !== '')) table.columns[name] = Float64Array.from(cells, (v) => (v === '' || v === 'NA' ? NaN : Number(v)));
  }
  return table;
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
