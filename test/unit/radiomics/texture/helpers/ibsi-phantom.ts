/**
 * The IBSI 1 digital phantom as a DiscretisedRegion, and the IBSI reference table, for the texture conformance test.
 * The phantom is read from refdata's digital_phantom_voxels.csv (derived from phantom.nii.gz / mask.nii.gz; i fastest),
 * so the test needs no NIfTI reader. Its grey levels are already 1..6: no discretisation is needed.
 */
import { readFileSync } from 'node:fs';
import type { DiscretisedRegion } from '../../../../../plugins/radiomics/texture/types.js';

export function readDigitalPhantom(csvPath: string): DiscretisedRegion {
  const rows = readFileSync(csvPath, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',').map(Number));
  const sx = Math.max(...rows.map((r) => r[0])) + 1;
  const sy = Math.max(...rows.map((r) => r[1])) + 1;
  const sz = Math.max(...rows.map((r) => r[2])) + 1;
  const levels = new Uint16Array(sx * sy * sz);
  const mask = new Uint8Array(sx * sy * sz);
  for (const [i, j, k, v, m] of rows) {
    const idx = i + j * sx + k * sx * sy;
    levels[idx] = v;
    mask[idx] = m;
  }
  return { levels, mask, size: [sx, sy, sz], nLevels: 6, spacing: [2, 2, 2] };
}

export interface IbsiReference {
  family: string;
  feature: string;
  ibsiId: string;
  dataSet: string;
  aggregation: string;
  value: number;
  tolerance: number;
}

/** Splits one CSV line, honouring double-quoted fields ("2D, averaged"). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) { out.push(cur); cur = ''; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

export function readIbsiReferences(csvPath: string): IbsiReference[] {
  const [head, ...lines] = readFileSync(csvPath, 'utf8').trim().split(/\r?\n/);
  const cols = splitCsvLine(head);
  const at = (r: string[], c: string) => r[cols.indexOf(c)];
  return lines.map(splitCsvLine).filter((r) => at(r, 'value') !== '').map((r) => ({
    family: at(r, 'family'),
    feature: at(r, 'table_feature') || at(r, 'feature'),
    ibsiId: at(r, 'ibsi_id'),
    dataSet: at(r, 'data_set'),
    aggregation: at(r, 'aggregation'),
    value: Number(at(r, 'value')),
    tolerance: at(r, 'tolerance') === '' ? 0 : Number(at(r, 'tolerance')),
  }));
}

/** MIRP's IBSI check: round to 3 significant digits, then |x − ref| − tol ≤ machine epsilon. */
export function withinIbsiTolerance(x: number, ref: number, tol: number): boolean {
  if (!Number.isFinite(x)) return false;
  const rounded = x === 0 ? 0 : Number(x.toPrecision(3));
  return Math.abs(rounded - ref) - tol <= Number.EPSILON * Math.max(1, Math.abs(ref));
}
