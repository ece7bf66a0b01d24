/**
 * `cohortflow report <input>`: renders the self-contained HTML report from a `report-data.json`
 * (written by the report.html stage and by `cohortflow train`), or from a directory holding one.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors.js';
import { renderReport } from '../../plugins/report/render-report.js';
import type { ReportData } from '../../plugins/report/report-data.js';

export function runReport(input: string, out?: string): string {
  const file = existsSync(input) && statSync(input).isDirectory() ? join(input, 'report-data.json') : input;
  if (!existsSync(file)) throw new InvalidInputError(`no report data at ${file}`, { file }, 'Give a report-data.json or the output directory of a report.html stage');
  const data = JSON.parse(readFileSync(file, 'utf8')) as ReportData;
  if (!data.study?.id) throw new InvalidInputError('the file is not report data (no study.id)', { file });
  const target = out ?? join(dirname(file), 'report.html');
  writeFileSync(target, renderReport(data));
  return target;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('Render report.html (self-contained, offline) from report-data.json or a report stage directory')
    .argument('<input>', 'report-data.json, or a directory containing it')
    .option('--out <file>', 'output HTML (default: report.html beside the input)')
    .action((input: string, opts: { out?: string }) => {
      process.stdout.write(runReport(input, opts.out) + '\n');
    });
}
