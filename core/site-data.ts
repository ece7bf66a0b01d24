/**
 * A site's data folder: `cases.csv` with `case_id`, image columns (`image`, `image_<modality>`),
 * optional `mask`, outcome and covariate columns. File paths are relative to the folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { CaseRecord } from './plugin.js';
import { InvalidInputError } from './errors.js';
import { csvToTable, parseCsv } from './tables/csv.js';
import type { Table } from './tables/table.js';

export const isFileColumn = (name: string) => name === 'image' || name.startsWith('image_') || name === 'mask' || name.startsWith('mask_');

export function casesFile(siteDir: string): string {
  return join(siteDir, 'cases.csv');
}

export function readCases(site: string, siteDir: string): CaseRecord[] {
  const file = casesFile(siteDir);
  if (!existsSync(file)) {
    throw new InvalidInputError(`no cases.csv in the site folder ${siteDir}`, { site, file }, 'Create cases.csv with a case_id column and one column per image (see README, "Site data")');
  }
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (!header || !header.includes('case_id')) {
    throw new InvalidInputError('cases.csv has no case_id column', { site, file }, 'Add a case_id column as the first column');
  }
  const seen = new Set<string>();
  return rows.map((r, i) => {
    const fields: Record<string, string> = {};
    const files: Record<string, string> = {};
    header.forEach((h, j) => {
      const v = (r[j] ?? '').trim();
      if (h === 'case_id') return;
      fields[h] = v;
      if (isFileColumn(h) && v) files[h] = isAbsolute(v) ? v : resolve(siteDir, v);
    });
    const caseId = (r[header.indexOf('case_id')] ?? '').trim();
    if (!caseId) throw new InvalidInputError(`row ${i + 2} of cases.csv has an empty case_id`, { site, file }, 'Give every row a unique case_id');
    if (seen.has(caseId)) throw new InvalidInputError(`case_id ${caseId} appears twice in cases.csv`, { site, caseId, file }, 'Make case ids unique within the site');
    if (!/^[A-Za-z0-9._-]+$/.test(caseId)) throw new InvalidInputError(`case_id "${caseId}" has characters other than letters, digits, . _ -`, { site, caseId, file }, 'Rename the case: case ids become file names');
    seen.add(caseId);
    return { caseId, fields, files };
  });
}

/** cases.csv as a table (numeric columns where every cell parses), for federated plugins. */
export function readCasesTable(site: string, siteDir: string): Table {
  const file = casesFile(siteDir);
  if (!existsSync(file)) throw new InvalidInputError(`no cases.csv in the site folder ${siteDir}`, { site, file }, 'Create cases.csv');
  return csvToTable(readFileSync(file, 'utf8'));
}
