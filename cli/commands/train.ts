/**
 * `cohortflow train`: fits a model on a table without a study — LASSO/elastic net (glmnet
 * conventions, λ by k-fold CV), random forest or gradient boosting — optionally holding out
 * sites for external validation; writes the model (model.json, model.onnx for logistic models),
 * the validation metrics and a self-contained report.html.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors.js';
import type { Table } from '../../core/tables/table.js';
import { readInputTable, requireNumeric } from '../../plugins/train/read-input.js';
import { trainLasso } from '../../plugins/train/external-validation.js';
import { trainRandomForest } from '../../plugins/train/random-forest.js';
import { trainGradientBoosting } from '../../plugins/train/gradient-boosting.js';
import { predictTable, saveModel, type ModelFile } from '../../plugins/train/model-file.js';
import { trainLinearSvm } from '../../plugins/train/svm.js';
import { initMlp, mlpLocalTrain } from '../../plugins/train/mlp.js';
import { youdenThreshold } from '../../plugins/evaluate/threshold-metrics.js';
import { evaluateBinary } from '../../plugins/evaluate/evaluate-binary.js';
import { renderReport } from '../../plugins/report/render-report.js';
import type { ReportData, ReportModel, SiteValidation } from '../../plugins/report/report-data.js';

export interface TrainCliOptions {
  in: string;
  label: string;
  model: string;
  out: string;
  features?: string;
  folds?: string;
  foldCol?: string;
  alpha?: string;
  rule?: 'lambda.min' | 'lambda.1se';
  siteCol?: string;
  external?: string;
  trees?: string;
  rounds?: string;
  seed?: string;
  bootstrap?: string;
  cost?: string;
  hidden?: string;
}

const subset = (t: Table, rows: number[]): Table => ({
  names: t.names,
  columns: Object.fromEntries(t.names.map((n) => {
    const c = t.columns[n];
    return [n, c instanceof Float64Array ? Float64Array.from(rows, (i) => c[i]) : rows.map((i) => c[i])];
  })),
});

export function runTrain(opts: TrainCliOptions, log: (s: string) => void = () => {}): { model: ModelFile; validation: Record<string, SiteValidation>; files: string[] } {
  const t = readInputTable(opts.in);
  const y = requireNumeric(t, opts.label, opts.in);
  const skip = new Set([opts.label, opts.foldCol, opts.siteCol, 'case_id'].filter(Boolean) as string[]);
  const re = opts.features ? new RegExp(opts.features) : null;
  const features = t.names.filter((n) => !skip.has(n) && t.columns[n] instanceof Float64Array && (!re || re.test(n)));
  if (!features.length) throw new InvalidInputError('no numeric feature column', { file: opts.in }, 'Check --features and the table header');
  const sites = opts.siteCol ? (t.columns[opts.siteCol] as unknown[]).map(String) : null;
  const external = new Set((opts.external ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  if (external.size && !sites) throw new InvalidInputError('--external needs --site-col');
  const complete = (i: number) => !Number.isNaN(y[i]) && features.every((f) => !Number.isNaN((t.columns[f] as Float64Array)[i]));
  const trainRows: number[] = [];
  let dropped = 0;
  for (let i = 0; i < y.length; i++) {
    if (sites && external.has(sites[i])) continue;
    if (complete(i)) trainRows.push(i);
    else dropped++;
  }
  const tr = subset(t, trainRows);
  const cols = features.map((f) => tr.columns[f] as Float64Array);
  const ytr = tr.columns[opts.label] as Float64Array;
  log(`training ${opts.model} on ${trainRows.length} rows × ${features.length} features${dropped ? ` (${dropped} incomplete rows dropped)` : ''}`);
  let model: ModelFile;
  let cv: ReportModel['cv'];
  const seed = Number(opts.seed ?? 1);
  switch (opts.model) {
    case 'lasso':
    case 'elasticnet': {
      const foldid = opts.foldCol ? Array.from(tr.columns[opts.foldCol] as Float64Array) : undefined;
      const r = trainLasso(features, cols, ytr, { alpha: opts.model === 'lasso' ? 1 : Number(opts.alpha ?? 0.5), nfolds: Number(opts.folds ?? 10), foldid, rule: opts.rule });
      model = r.model;
      cv = r.cv;
      log(`λ = ${r.model.lambda!.toPrecision(4)} (${r.model.lambdaRule}), ${r.model.coefficients.filter((b) => b !== 0).length} features selected`);
      break;
    }
    case 'rf':
      model = { type: 'trees', kind: 'random-forest', features, ensemble: trainRandomForest(cols, ytr, features, { trees: Number(opts.trees ?? 200), seed }) };
      break;
    case 'gbt':
      model = { type: 'trees', kind: 'gradient-boosting', features, ensemble: trainGradientBoosting(cols, ytr, features, { rounds: Number(opts.rounds ?? 100) }) };
      break;
    case 'svm':
      model = { type: 'svm', features, svm: trainLinearSvm(cols, ytr, { C: Number(opts.cost ?? 1), seed }) };
      break;
    case 'mlp': {
      const means = cols.map((c) => c.reduce((a, v) => a + v, 0) / c.length);
      const sds = cols.map((c, j) => Math.sqrt(c.reduce((a, v) => a + (v - means[j]) ** 2, 0) / c.length));
      const std = cols.map((c, j) => Float64Array.from(c, (v) => (sds[j] > 0 ? (v - means[j]) / sds[j] : 0)));
      const shape = { inputs: features.length, hidden: Number(opts.hidden ?? 8) };
      const weights = mlpLocalTrain(shape, initMlp(shape, seed), std, ytr, { steps: Number(opts.rounds ?? 300), learningRate: 0.5 });
      model = { type: 'mlp', features, shape, weights: Array.from(weights), means, sds };
      break;
    }
    default:
      throw new InvalidInputError(`unknown --model ${opts.model}`, {}, 'Use lasso, elasticnet, rf, gbt, svm or mlp');
  }
  // The operating threshold is fixed on the training data, then carried to validation.
  model.threshold = youdenThreshold(ytr, predictTable(model, tr));
  const validation: Record<string, SiteValidation> = {};
  for (const site of external) {
    const rows = sites!.flatMap((s, i) => (s === site && complete(i) ? [i] : []));
    if (!rows.length) throw new InvalidInputError(`no complete rows for external site "${site}"`, { file: opts.in });
    const ts = subset(t, rows);
    const e = evaluateBinary(ts.columns[opts.label] as Float64Array, predictTable(model, ts), { threshold: model.threshold, bootstrap: Number(opts.bootstrap ?? 500), seed });
    validation[site] = {
      n: e.n, events: e.events, auc: e.auc, aucCi: e.aucCi, aucVariance: e.aucVariance, bootstrapCi: e.bootstrapCi && [e.bootstrapCi[0], e.bootstrapCi[2]],
      brier: e.brier, calibration: e.calibration, hosmerLemeshow: e.hosmerLemeshow, thresholdMetrics: e.thresholdMetrics, roc: e.roc,
      rocBand: e.rocBand?.map((b) => ({ fpr: 1 - b.specificity, lower: b.lower, upper: b.upper })), calibrationCurve: e.calibrationCurve,
      decisionCurve: e.decisionCurve?.map((d) => ({ threshold: d.threshold, model: d.netBenefit, treatAll: d.treatAll })),
    };
    log(`external ${site}: n = ${e.n}, AUC ${e.auc.toFixed(4)} (DeLong 95% CI ${e.aucCi[0].toFixed(4)}–${e.aucCi[1].toFixed(4)})`);
  }
  const out = resolve(opts.out);
  const files = saveModel(out, model);
  writeFileSync(join(out, 'validation.json'), JSON.stringify(validation, null, 1));
  const trainSites = sites ? [...new Set(trainRows.map((i) => sites[i]))] : ['all rows'];
  const data: ReportData = {
    study: { id: 'cli-train', title: `cohortflow train: ${opts.model} on ${opts.in}`, generatedAt: new Date().toISOString(), sites: sites ? [...new Set(sites)] : ['all rows'], outcome: opts.label },
    siteSummaries: (sites ? [...new Set(sites)] : ['all rows']).map((s) => {
      const rows = Array.from(y.keys()).filter((i) => !sites || sites[i] === s);
      return { site: s, cases: rows.length, events: rows.reduce((a, i) => a + (y[i] === 1 ? 1 : 0), 0), role: external.has(s) ? 'external' : 'training' };
    }),
    model: model.type === 'logistic'
      ? { description: `${opts.model === 'lasso' ? 'LASSO' : 'Elastic-net'} logistic regression (glmnet conventions)`, trainingSites: trainSites, intercept: model.intercept, coefficients: features.map((feature, j) => ({ feature, coefficient: model.type === 'logistic' ? model.coefficients[j] : 0 })).filter((c) => c.coefficient !== 0), candidateFeatures: features.length, lambda: model.lambda, lambdaRule: model.lambdaRule, alpha: model.alpha, cv }
      : { description: model.type === 'trees' ? (model.kind === 'random-forest' ? 'Random forest' : 'Gradient-boosted trees (XGBoost objective)') : model.type === 'svm' ? 'Linear SVM with Platt probabilities' : 'One-hidden-layer neural network', trainingSites: trainSites, coefficients: [], candidateFeatures: features.length },
    validation,
  };
  writeFileSync(join(out, 'report-data.json'), JSON.stringify(data));
  writeFileSync(join(out, 'report.html'), renderReport(data));
  files.push(join(out, 'validation.json'), join(out, 'report-data.json'), join(out, 'report.html'));
  return { model, validation, files };
}

export function register(program: Command): void {
  program
    .command('train')
    .description('Fit lasso / elasticnet (glmnet conventions), rf, gbt, linear svm or mlp on a table; optional external validation by site; writes model.json, model.onnx, report.html')
    .requiredOption('--in <file>', 'CSV (.csv, .csv.gz) or Parquet table')
    .requiredOption('--label <col>', '0/1 outcome column')
    .requiredOption('--model <kind>', 'lasso | elasticnet | rf | gbt | svm | mlp')
    .requiredOption('--out <dir>', 'output directory')
    .option('--features <regex>', 'feature columns (default: every numeric column but label, fold and site)')
    .option('--folds <k>', 'CV folds for λ', '10')
    .option('--fold-col <col>', 'fold of each row (1..K), as glmnet foldid')
    .option('--alpha <a>', 'elastic-net mixing for --model elasticnet', '0.5')
    .option('--rule <rule>', 'lambda.min or lambda.1se', 'lambda.min')
    .option('--site-col <col>', 'site column')
    .option('--external <sites>', 'comma-separated sites held out for external validation')
    .option('--trees <n>', 'random-forest trees', '200')
    .option('--rounds <n>', 'boosting rounds (gbt) or gradient steps (mlp)')
    .option('--cost <C>', 'SVM cost', '1')
    .option('--hidden <n>', 'MLP hidden units', '8')
    .option('--bootstrap <n>', 'bootstrap replicates for external CIs', '500')
    .option('--seed <n>', 'seed', '1')
    .action((opts: TrainCliOptions) => {
      const r = runTrain(opts, (s) => process.stderr.write(s + '\n'));
      process.stdout.write(r.files.join('\n') + '\n');
    });
}
