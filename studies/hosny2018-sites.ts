/**
 * Writes the three Hosny 2018 centres (HarvardRT, Maastro, Moffitt) as cohortflow site folders
 * from the shared reference table: `<out>/<site>/cases.csv` with case_id, outcome (2-year
 * survival) and the 984 PyRadiomics features, rows in the table's order.
 * Usage: tsx studies/hosny2018-sites.ts <out dir> [table.csv.gz]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCsvTable } from '../core/tables/csv.js';
import { numericColumn, textColumn } from '../core/tables/table.js';

export const HOSNY_SITES = ['HarvardRT', 'Maastro', 'Moffitt'] as const;

export function writeHosnySites(outDir: string, table: string): Record<string, number> {
  const t = readCsvTable(table);
  const site = textColumn(t, 'site');
  const ids = t.columns.ID;
  const target = numericColumn(t, 'Target');
  const features = t.names.filter((n) => !['site', 'ID', 'Target'].includes(n));
  const counts: Record<string, number> = {};
  for (const s of HOSNY_SITES) {
    const lines = [['case_id', 'outcome', ...features].join(',')];
    for (let i = 0; i < site.length; i++) {
      if (site[i] !== s) continue;
      const id = `${s}-${String(ids[i]).trim()}`;
      lines.push([id, target[i], ...features.map((f) => String((t.columns[f] as Float64Array)[i]))].join(','));
    }
    mkdirSync(join(outDir, s), { recursive: true });
    writeFileSync(join(outDir, s, 'cases.csv'), lines.join('\n') + '\n');
    counts[s] = lines.length - 1;
  }
  return counts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = resolve(process.argv[2] ?? '.cohortflow/hosny2018');
  const table = resolve(process.argv[3] ?? '../shared/refdata/tabular/hosny2018_multicenter/hosny2018_3sites_all_features.csv.gz');
  console.log(JSON.stringify(writeHosnySites(out, table)));
}
