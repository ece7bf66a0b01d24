/**
 * `cohortflow icc`: intraclass correlations of every feature of a long rating table
 * (target, rater, one column per feature).
 */
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors.js';
import { tableFromRows } from '../../core/tables/table.js';
import { ICC_FORMS, SHROUT_FLEISS, iccAll, meanSquaresOf, parseIccForm, type IccResult } from '../../plugins/icc/icc.js';
import { pivotRatings } from '../../plugins/icc/long-table.js';
import { asText } from '../../plugins/combat/site-table.js';
import { readInputTable } from '../../plugins/train/read-input.js';
import { writeOutputTable } from './table-output.js';

export interface IccCliOptions {
  in: string;
  target?: string;
  rater?: string;
  form?: string;
  out?: string;
}

export function runIccCli(o: IccCliOptions): { rows: Record<string, string | number>[]; out?: string } {
  const t = readInputTable(o.in);
  const target = o.target ?? (t.names.includes('target') ? 'target' : t.names[0]);
  const rater = o.rater ?? (t.names.includes('rater') ? 'rater' : t.names[1]);
  for (const c of [target, rater]) if (!t.columns[c]) throw new InvalidInputError(`no column "${c}"`, { file: o.in }, `Columns are: ${t.names.slice(0, 15).join(', ')}`);
  const features = t.names.filter((n) => n !== target && n !== rater && t.columns[n] instanceof Float64Array);
  if (!features.length) throw new InvalidInputError('no numeric value column', { file: o.in }, 'The table needs target, rater and one numeric column per feature');
  const forms = o.form ? [parseIccForm(o.form)] : ICC_FORMS;
  const targets = asText(t.columns[target]);
  const raters = asText(t.columns[rater]);
  const rows: Record<string, string | number>[] = [];
  for (const feature of features) {
    const block = pivotRatings(targets, raters, t.columns[feature] as Float64Array);
    const all = iccAll(meanSquaresOf(block.ratings, block.raters.length));
    for (const form of forms) {
      const r = all.find((x) => x.form === form) as IccResult;
      rows.push({ feature, form: SHROUT_FLEISS[form], icc: r.icc, F: r.F, df1: r.df1, df2: r.df2, p_value: r.pValue, ci95_lower: r.ci95[0], ci95_upper: r.ci95[1], n_targets: block.targets.length, k_raters: block.raters.length });
    }
  }
  if (o.out) writeOutputTable(tableFromRows(rows), o.out);
  return { rows, out: o.out };
}

export function register(program: Command): void {
  program
    .command('icc')
    .description('ICC(1,1) … ICC(3,k) with F tests and 95% CIs for every feature of a long rating table')
    .requiredOption('--in <file>', 'long table: target, rater, and one numeric column per feature (.csv or .parquet)')
    .option('--target <col>', 'target column (default "target", else the first column)')
    .option('--rater <col>', 'rater / repeat column (default "rater", else the second column)')
    .option('--form <form>', 'one form, e.g. 3,1 or 2,k (default: all six)')
    .option('--out <file>', 'result table (.csv or .parquet)')
    .action((opts: IccCliOptions) => {
      const { rows, out } = runIccCli(opts);
      const fmt = (x: number) => (Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(3) : x.toFixed(4));
      for (const r of rows.slice(0, 60)) {
        process.stdout.write(`${r.feature}\t${r.form}\t${fmt(r.icc as number)}\t[${fmt(r.ci95_lower as number)}, ${fmt(r.ci95_upper as number)}]\tF(${r.df1}, ${r.df2}) = ${fmt(r.F as number)}, p = ${fmt(r.p_value as number)}\n`);
      }
      if (rows.length > 60) process.stdout.write(`… ${rows.length - 60} more rows${out ? '' : ' (use --out)'}\n`);
      if (out) process.stdout.write(`wrote ${out}\n`);
    });
}
