/**
 * `cohortflow evaluate`: the validation statistics of one or two score columns against a 0/1
 * label, without a study (AUC with DeLong CI, paired DeLong test, bootstrap CI, calibration,
 * Hosmer–Lemeshow, net benefit).
 */
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors.js';
import { evaluateBinary, type BinaryEvaluation } from '../../plugins/evaluate/evaluate-binary.js';
import { delongAuc, delongPairedTest, splitByLabel, type PairedDelongTest } from '../../plugins/evaluate/delong.js';
import { parseThresholds } from '../../plugins/evaluate/decision-curve.js';
import { readInputTable, requireNumeric } from '../../plugins/train/read-input.js';

export interface EvaluateCliOptions {
  in: string;
  label: string;
  score: string;
  bootstrap?: string;
  seed?: string;
  thresholds?: string;
  level?: string;
  json?: boolean;
}

export interface EvaluateCliResult {
  file: string;
  label: string;
  scores: Record<string, Omit<BinaryEvaluation, 'roc' | 'rocBand' | 'calibrationCurve'>>;
  paired?: PairedDelongTest & { scores: [string, string] };
  droppedRows: number;
}

export function runEvaluate(opts: EvaluateCliOptions): EvaluateCliResult {
  const t = readInputTable(opts.in);
  const names = opts.score.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length < 1 || names.length > 2) throw new InvalidInputError(`--score takes one or two columns, got "${opts.score}"`);
  const y = requireNumeric(t, opts.label, opts.in);
  const cols = names.map((n) => requireNumeric(t, n, opts.in));
  // Complete cases over the label and every score, so a paired test compares the same patients.
  const keep: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]) && cols.every((c) => !Number.isNaN(c[i]))) keep.push(i);
  const yy = Float64Array.from(keep, (i) => y[i]);
  const level = opts.level ? Number(opts.level) : 0.95;
  const thresholds = opts.thresholds ? parseThresholds(opts.thresholds) : undefined;
  const scores: EvaluateCliResult['scores'] = {};
  const sc = cols.map((c) => Float64Array.from(keep, (i) => c[i]));
  names.forEach((name, k) => {
    const probabilities = sc[k].every((v) => v >= 0 && v <= 1);
    const { roc, rocBand, calibrationCurve, ...rest } = evaluateBinary(yy, sc[k], {
      level,
      bootstrap: opts.bootstrap ? Number(opts.bootstrap) : 0,
      seed: opts.seed ? Number(opts.seed) : 1,
      thresholds,
      probabilities,
    });
    void roc, rocBand, calibrationCurve;
    scores[name] = rest;
  });
  const out: EvaluateCliResult = { file: opts.in, label: opts.label, scores, droppedRows: y.length - keep.length };
  if (names.length === 2) {
    const a = splitByLabel(yy, sc[0]);
    const b = splitByLabel(yy, sc[1]);
    out.paired = { ...delongPairedTest(delongAuc(a.cases, a.controls), delongAuc(b.cases, b.controls), 'two.sided', level), scores: [names[0], names[1]] };
  }
  return out;
}

const f = (x: number | undefined, d = 4) => (x === undefined || Number.isNaN(x) ? 'NA' : x.toFixed(d));

export function formatEvaluate(r: EvaluateCliResult): string {
  const lines: string[] = [`${r.file}: label ${r.label}${r.droppedRows ? ` (${r.droppedRows} rows with missing values dropped)` : ''}`];
  for (const [name, e] of Object.entries(r.scores)) {
    lines.push(`\n${name}: n = ${e.n}, events = ${e.events}`);
    lines.push(`  AUC ${f(e.auc)}  DeLong ${Math.round(e.level * 100)}% CI ${f(e.aucCi[0])}–${f(e.aucCi[1])}  (var ${e.aucVariance.toExponential(4)})`);
    if (e.bootstrapCi) lines.push(`  bootstrap (${e.bootstrapReplicates}, stratified, percentile) CI ${f(e.bootstrapCi[0])}–${f(e.bootstrapCi[2])}`);
    const m = e.thresholdMetrics;
    lines.push(`  at threshold ${f(m.threshold)} (${e.thresholdSource}): acc ${f(m.accuracy, 3)} sens ${f(m.sensitivity, 3)} spec ${f(m.specificity, 3)} PPV ${f(m.ppv, 3)} NPV ${f(m.npv, 3)}`);
    if (e.calibration) {
      lines.push(`  Brier ${f(e.brier)}  calibration slope ${f(e.calibration.slope)} intercept ${f(e.calibration.intercept)} CITL ${f(e.calibration.citl)}`);
      const hl = e.hosmerLemeshow!;
      lines.push(`  Hosmer–Lemeshow (ResourceSelection grouping) X² = ${f(hl.statistic, 3)}, df ${hl.df}, p = ${f(hl.pValue)}`);
      const dc = e.decisionCurve!.filter((_, k, a) => a.length <= 12 || k % Math.ceil(a.length / 10) === 0);
      lines.push(`  net benefit (model / treat all): ${dc.map((p) => `${p.threshold}: ${f(p.netBenefit)}/${f(p.treatAll)}`).join('  ')}`);
    } else lines.push('  (scores are not probabilities in [0,1]: calibration, HL and net benefit skipped)');
  }
  if (r.paired) {
    const p = r.paired;
    lines.push(`\npaired DeLong ${p.scores[0]} vs ${p.scores[1]}: ΔAUC ${f(p.difference)} (CI ${f(p.ci[0])}–${f(p.ci[1])}), Z = ${f(p.z, 3)}, p = ${p.pValue.toPrecision(4)}`);
  }
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('AUC with DeLong CI (and paired test), bootstrap CI, calibration, Hosmer–Lemeshow and net benefit of score columns')
    .requiredOption('--in <file>', 'CSV (.csv, .csv.gz) or Parquet table')
    .requiredOption('--label <col>', '0/1 outcome column')
    .requiredOption('--score <cols>', 'one score column, or two separated by a comma for the paired DeLong test')
    .option('--bootstrap <n>', 'stratified bootstrap replicates (pROC uses 2000)')
    .option('--seed <n>', 'bootstrap seed', '1')
    .option('--thresholds <from:to:step>', 'decision-curve thresholds', '0.01:0.99:0.01')
    .option('--level <p>', 'confidence level', '0.95')
    .option('--json', 'print JSON')
    .action((opts: EvaluateCliOptions) => {
      const r = runEvaluate(opts);
      process.stdout.write((opts.json ? JSON.stringify(r, null, 2) : formatEvaluate(r)) + '\n');
    });
}
