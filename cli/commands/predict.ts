/** `cohortflow predict`: scores a table with a model directory written by `cohortflow train`. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { tableToCsv } from '../../core/tables/csv.js';
import { writeParquet } from '../../core/tables/parquet.js';
import type { Table } from '../../core/tables/table.js';
import { loadModel, predictTable } from '../../plugins/train/model-file.js';
import { readInputTable } from '../../plugins/train/read-input.js';

export function runPredict(opts: { model: string; in: string; out: string }): Table {
  const model = loadModel(opts.model);
  const t = readInputTable(opts.in);
  const prob = predictTable(model, t);
  const out: Table = { names: [], columns: {} };
  if (t.columns.case_id) {
    out.names.push('case_id');
    out.columns.case_id = Array.from(t.columns.case_id as ArrayLike<unknown>, String);
  }
  out.names.push('probability');
  out.columns.probability = prob;
  if (model.threshold !== undefined) {
    out.names.push('positive');
    out.columns.positive = Float64Array.from(prob, (p) => (Number.isNaN(p) ? NaN : p >= model.threshold! ? 1 : 0));
  }
  if (/\.parquet$/i.test(opts.out)) writeParquet(out, opts.out);
  else writeFileSync(opts.out, tableToCsv(out));
  return out;
}

export function register(program: Command): void {
  program
    .command('predict')
    .description('Score a table with a model written by `cohortflow train` (probability, and positive at the training threshold)')
    .requiredOption('--model <dir>', 'model directory (model.json)')
    .requiredOption('--in <file>', 'CSV or Parquet table with the model’s feature columns')
    .requiredOption('--out <file>', 'output .csv or .parquet')
    .action((opts: { model: string; in: string; out: string }) => {
      const t = runPredict(opts);
      process.stderr.write(`${t.columns.probability.length} rows scored → ${opts.out}\n`);
    });
}
