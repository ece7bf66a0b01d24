/**
 * `cohortflow radiomics`: features of one image/mask pair (one row), or of every case of a cases.csv
 * (`--cases`, progress on stderr), written as CSV, Parquet or JSON, or printed.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/artifacts/atomic-write.js';
import { CohortflowError, InvalidInputError } from '../../core/errors.js';
import { readImage } from '../../core/image/io.js';
import { parseCsv, tableToCsv } from '../../core/tables/csv.js';
import { writeParquet } from '../../core/tables/parquet.js';
import { tableFromRows } from '../../core/tables/table.js';
import { extractFeatures } from '../../plugins/radiomics/extractor.js';
import { loadSettings } from '../../plugins/radiomics/load-settings.js';
import { WorkerPool } from '../../plugins/radiomics/worker-pool.js';

export interface RadiomicsCliOptions {
  image?: string;
  mask?: string;
  cases?: string;
  params?: string;
  label?: string;
  out?: string;
  threads?: string;
}

type Row = Record<string, number | string>;

function writeRows(rows: Row[], path: string): void {
  const table = tableFromRows(rows);
  if (/\.parquet$/i.test(path)) writeParquet(table, path);
  else if (/\.csv$/i.test(path)) writeFileAtomic(path, tableToCsv(table));
  else if (/\.json$/i.test(path)) writeFileAtomic(path, JSON.stringify(rows.length === 1 ? rows[0] : rows, null, 2) + '\n');
  else throw new InvalidInputError(`cannot write ${path}`, { file: path }, 'Give a .csv, .parquet or .json output file');
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Progress line on stderr: bar, cases done/total, failed, ETA. */
function progress(done: number, total: number, failed: number, startedMs: number): void {
  const width = 24;
  const filled = Math.round((done / Math.max(1, total)) * width);
  const elapsed = Date.now() - startedMs;
  const eta = done > 0 ? ((total - done) * elapsed) / done : NaN;
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} cases${failed ? `, ${failed} failed` : ''}, ETA ${Number.isFinite(eta) ? formatDuration(eta) : '?'}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
  else process.stderr.write(`${line}\n`);
}

export async function runRadiomics(opts: RadiomicsCliOptions): Promise<Row[]> {
  const label = opts.label === undefined ? undefined : Number(opts.label);
  if (label !== undefined && !Number.isInteger(label)) throw new InvalidInputError(`--label must be an integer, got ${opts.label}`, {}, 'Write --label 1');
  const settings = await loadSettings(opts.params, label);
  const threads = opts.threads ? Number(opts.threads) : Math.min(2, availableParallelism());
  if (!opts.cases) {
    if (!opts.image || !opts.mask) throw new InvalidInputError('give --image and --mask, or --cases', {}, 'See cohortflow radiomics --help');
    const [image, mask] = await Promise.all([readImage(opts.image), readImage(opts.mask)]);
    return [await extractFeatures(image, mask, settings, { threads, where: { file: opts.image } })];
  }
  const text = await readFile(opts.cases, 'utf8').catch(() => {
    throw new InvalidInputError('cannot read the cases file', { file: opts.cases }, 'Check the path');
  });
  const [header, ...lines] = parseCsv(text).filter((r) => r.length > 1 || r[0] !== '');
  const col = (n: string) => header.indexOf(n);
  for (const need of ['case_id', 'image', 'mask']) {
    if (col(need) < 0) throw new InvalidInputError(`cases file has no '${need}' column`, { file: opts.cases }, 'cases.csv needs case_id, image and mask columns');
  }
  const base = dirname(resolve(opts.cases));
  // Batches spread whole cases over the workers (one case per core at a time).
  const pool = threads > 1 ? new WorkerPool(threads) : undefined;
  const rows: Row[] = new Array(lines.length);
  const started = Date.now();
  let done = 0;
  let failed = 0;
  let next = 0;
  progress(0, lines.length, 0, started);
  const one = async (k: number): Promise<void> => {
    const line = lines[k];
    const caseId = line[col('case_id')];
    const where = { caseId };
    const image = resolve(base, line[col('image')]);
    const mask = resolve(base, line[col('mask')]);
    try {
      const row = pool
        ? await pool.runCase({ image, mask, settings, where })
        : await (async () => {
          const [img, msk] = await Promise.all([readImage(image, { where }), readImage(mask, { where })]);
          return extractFeatures(img, msk, settings, { where: { ...where, file: image } });
        })();
      rows[k] = { case_id: caseId, ...row };
    } catch (e) {
      // A bad case is reported and skipped; the batch goes on.
      if (!(e instanceof CohortflowError)) throw e;
      failed++;
      rows[k] = { case_id: caseId, error: `${e.name}: ${e.message}` };
    }
    done++;
    progress(done, lines.length, failed, started);
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, threads) }, async () => {
      while (next < lines.length) await one(next++);
    }));
  } finally {
    if (process.stderr.isTTY) process.stderr.write('\n');
    await pool?.close();
  }
  return rows;
}

export function register(program: Command): void {
  program
    .command('radiomics')
    .description('IBSI radiomic features with PyRadiomics names, for one image/mask pair or a cases.csv')
    .option('--image <file>', 'image (NIfTI, NRRD, MHA, DICOM folder …)')
    .option('--mask <file>', 'mask on the image grid')
    .option('--cases <cases.csv>', 'batch: a CSV with case_id, image, mask (paths relative to the CSV)')
    .option('--params <yaml>', 'PyRadiomics params YAML (default: PyRadiomics defaults, Original image, all classes)')
    .option('--label <n>', 'mask label of the region (overrides the params file)')
    .option('--threads <n>', 'worker threads (default: up to 2)')
    .option('--out <file>', 'write .csv, .parquet or .json instead of printing')
    .action(async (opts: RadiomicsCliOptions) => {
      const rows = await runRadiomics(opts);
      if (opts.out) writeRows(rows, opts.out);
      else if (rows.length === 1) process.stdout.write(JSON.stringify(rows[0], null, 2) + '\n');
      else process.stdout.write(tableToCsv(tableFromRows(rows)));
    });
}
