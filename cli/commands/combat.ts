/**
 * `cohortflow combat` and `cohortflow combat-apply`: ComBat on a table without a study.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/artifacts/atomic-write.js';
import { InvalidInputError } from '../../core/errors.js';
import { rowCount } from '../../core/tables/table.js';
import type { CovariateMode } from '../../plugins/combat/adjust.js';
import { siteEffect } from '../../plugins/combat/diagnostics.js';
import { applyCombatTable, combatTable } from '../../plugins/combat/table-combat.js';
import type { CombatEstimates } from '../../plugins/combat/types.js';
import { readInputTable } from '../../plugins/train/read-input.js';
import { siblingPath, writeOutputTable } from './table-output.js';

export interface CombatCliOptions {
  in: string;
  batch: string;
  covariates?: string;
  categorical?: string;
  nonparametric?: boolean;
  meanOnly?: boolean;
  eb: boolean;
  refBatch?: string;
  features?: string;
  out?: string;
  estimates?: string;
  diagnostics?: string;
}

const list = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

/** Runs ComBat on a file; returns what was written and a one-paragraph summary. */
export function runCombatCli(o: CombatCliOptions): { out: string; estimates: string; summary: string } {
  const t = readInputTable(o.in);
  const categorical = list(o.categorical);
  const covariates = [...new Set([...list(o.covariates), ...categorical])];
  const r = combatTable(t, {
    batch: o.batch,
    covariates,
    categorical,
    features: o.features,
    parametric: !o.nonparametric,
    meanOnly: !!o.meanOnly,
    eb: o.eb,
    refBatch: o.refBatch ?? null,
  });
  const out = o.out ?? siblingPath(o.in, '.combat');
  const estimates = o.estimates ?? out.replace(/\.(csv|parquet)$/i, '.estimates.json');
  writeOutputTable(r.table, out);
  writeFileAtomic(estimates, JSON.stringify(r.estimates, null, 1));
  const e = r.estimates;
  const lines = [
    `ComBat (${e.options.eb ? (e.options.parametric ? 'parametric EB' : 'non-parametric EB') : 'no EB'}${e.options.meanOnly ? ', mean only' : ''}${e.refBatch ? `, reference batch ${e.refBatch}` : ''}): ${r.features.length} features × ${rowCount(t)} cases, batches ${e.batches.map((b, i) => `${b} (${e.counts[i]})`).join(', ')}`,
    `covariates kept: ${e.covariateColumns.length ? e.covariateColumns.join(', ') : 'none'}`,
  ];
  lines.push(
    `batch effect (ANOVA across batches, covariates removed, p < 0.05): ${(100 * e.batchEffect.fractionBefore).toFixed(1)}% of features before, ${(100 * e.batchEffect.fractionAfter).toFixed(1)}% after`,
  );
  if (e.passthrough.length) lines.push(`left unchanged (constant within a batch): ${e.passthrough.join(', ')}`);
  if (o.diagnostics) {
    const before = siteEffect(r.features.map((f) => t.columns[f] as Float64Array), r.batch);
    const after = siteEffect(r.features.map((f) => r.table.columns[f] as Float64Array), r.batch);
    writeFileAtomic(o.diagnostics, JSON.stringify({ features: r.features, before, after }));
    lines.push(
      `site effect (Kruskal–Wallis p < 0.05): ${(100 * before.fractionSignificant).toFixed(1)}% of features before, ${(100 * after.fractionSignificant).toFixed(1)}% after → ${o.diagnostics}`,
    );
  }
  lines.push(`wrote ${out} and ${estimates}`);
  return { out, estimates, summary: lines.join('\n') };
}

export function runCombatApplyCli(o: { estimates: string; in: string; out?: string; mode: string; batch?: string }): { out: string; summary: string } {
  let est: CombatEstimates;
  try {
    est = JSON.parse(readFileSync(o.estimates, 'utf8')) as CombatEstimates;
  } catch (e) {
    throw new InvalidInputError(`cannot read ComBat estimates: ${(e as Error).message}`, { file: o.estimates });
  }
  if (est.format !== 'cohortflow.combat.estimates/1') throw new InvalidInputError('not a cohortflow ComBat estimates file', { file: o.estimates }, 'Use the file written by `cohortflow combat --estimates`');
  if (o.mode !== 'per-case' && o.mode !== 'training-mean') throw new InvalidInputError(`--mode must be per-case or training-mean, got ${o.mode}`);
  const t = readInputTable(o.in);
  const table = applyCombatTable(t, est, o.mode as CovariateMode, o.batch ?? est.batchColumn);
  const out = o.out ?? siblingPath(o.in, '.combat');
  writeOutputTable(table, out);
  return { out, summary: `applied ComBat estimates (${est.features.length} features, batches ${est.batches.join(', ')}, ${o.mode}) to ${rowCount(t)} cases; wrote ${out}` };
}

export function register(program: Command): void {
  program
    .command('combat')
    .description('ComBat harmonization of a feature table (neuroCombat semantics); writes the harmonized table and the estimates')
    .requiredOption('--in <file>', 'table (.csv, .csv.gz or .parquet), one row per case')
    .requiredOption('--batch <col>', 'batch (scanner/site) column')
    .option('--covariates <cols>', 'biological covariates to preserve, comma-separated')
    .option('--categorical <cols>', 'covariates to one-hot encode (text columns are categorical anyway)')
    .option('--nonparametric', 'non-parametric empirical Bayes')
    .option('--mean-only', 'adjust batch means only')
    .option('--no-eb', 'no empirical Bayes shrinkage')
    .option('--ref-batch <level>', 'reference batch, left unchanged')
    .option('--features <regex>', 'feature columns (default: numeric columns other than ids, batch and covariates)')
    .option('--out <file>', 'harmonized table (.csv or .parquet; default <in>.combat.<ext>)')
    .option('--estimates <file>', 'estimates JSON (default <out>.estimates.json)')
    .option('--diagnostics <file>', 'write Kruskal–Wallis p-values and a PCA scatter by batch, before and after, as JSON')
    .action((opts: CombatCliOptions) => {
      process.stdout.write(runCombatCli(opts).summary + '\n');
    });
  program
    .command('combat-apply')
    .description('Harmonize new cases with saved ComBat estimates')
    .requiredOption('--estimates <file>', 'estimates JSON written by `cohortflow combat`')
    .requiredOption('--in <file>', 'table with the same feature columns and known batches')
    .option('--out <file>', 'harmonized table (.csv or .parquet)')
    .option('--batch <col>', 'batch column (default: the one named in the estimates)')
    .option(
      '--mode <mode>',
      'per-case: use each case\'s covariates (as in the fit; neuroHarmonize); training-mean: the training cases\' mean covariate effect for every case (neuroCombatFromTraining)',
      'per-case',
    )
    .action((opts: { estimates: string; in: string; out?: string; mode: string; batch?: string }) => {
      process.stdout.write(runCombatApplyCli(opts).summary + '\n');
    });
}
