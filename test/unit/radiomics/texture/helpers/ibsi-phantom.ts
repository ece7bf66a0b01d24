/**
 * The IBSI 1 digital phantom as a DiscretisedRegion, and the IBSI reference table, for the texture conformance test.
 * The phantom is read from refdata's NIfTI files through core/image/io.ts. Its grey levels are already 1..6
 * (IBSI: FBS 1 or FBN 6 give the same): no discretisation is needed.
 */
import { readFileSync } from 'node:fs';
import { readImage } from '../../../../../core/image/io.js';
import type { DiscretisedRegion } from '../../../../../plugins/radiomics/texture/types.js';

export async function readDigitalPhantom(imagePath: string, maskPath: string): Promise<DiscretisedRegion> {
  const image = await readImage(imagePath);
  const roi = await readImage(maskPath);
  const mask = Uint8Array.from(roi.data, (v) => (v ? 1 : 0));
  return { levels: Int32Array.from(image.data), mask, size: image.size, nLevels: 6, spacing: image.spacing };
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
