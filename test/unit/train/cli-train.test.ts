import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { describeWithRefdata, refdataPath } from '../../helpers/refdata.js';
import { runTrain } from '../../../cli/commands/train.js';
import { runPredict } from '../../../cli/commands/predict.js';
import { runReport } from '../../../cli/commands/report.js';
import { readCsvTable } from '../../../core/tables/csv.js';
import { aucFromLabels } from '../../../plugins/evaluate/auc-fast.js';
import { numericColumn } from '../../../core/tables/table.js';

describeWithRefdata('tabular')('cohortflow train / predict / report', () => {
  it('trains a LASSO at HarvardRT, validates at the held-out centres, and writes a model that onnxruntime and predict agree on', { timeout: 180_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'cf-train-'));
    const input = refdataPath('tabular/hosny2018_multicenter/hosny2018_3sites_original_and_log3mm.csv');
    const r = runTrain({ in: input, label: 'Target', model: 'lasso', out, siteCol: 'site', external: 'Maastro,Moffitt', features: '^original_shape', bootstrap: '100' });
    expect(Object.keys(r.validation)).toEqual(['Maastro', 'Moffitt']);
    expect(r.validation.Maastro.n).toBe(207);
    for (const f of ['model.json', 'model.onnx', 'validation.json', 'report.html']) expect(existsSync(join(out, f))).toBe(true);
    const pred = runPredict({ model: out, in: input, out: join(out, 'pred.csv') });
    const prob = pred.columns.probability as Float64Array;
    expect(prob.length).toBe(683);
    // The ONNX export scores the same rows to float32 precision.
    const t = readCsvTable(input);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
    const rows = 20;
    const x = new Float32Array(rows * model.features.length);
    for (let i = 0; i < rows; i++) model.features.forEach((f: string, j: number) => (x[i * model.features.length + j] = numericColumn(t, f)[i]));
    const res = await session.run({ features: new ort.Tensor('float32', x, [rows, model.features.length]) });
    for (let i = 0; i < rows; i++) expect(Math.abs((res.probability.data as Float32Array)[i] - prob[i])).toBeLessThan(1e-4);
    // The validation AUC equals the AUC of predict's scores on that centre.
    const site = t.columns.site as string[];
    const m = site.flatMap((s, i) => (s === 'Maastro' ? [i] : []));
    expect(aucFromLabels(m.map((i) => numericColumn(t, 'Target')[i]), m.map((i) => prob[i]))).toBeCloseTo(r.validation.Maastro.auc, 12);
    expect(runReport(out, join(out, 'again.html'))).toBe(join(out, 'again.html'));
    expect(readFileSync(join(out, 'again.html'), 'utf8')).toContain('Maastro');
  });

  it('trains gradient-boosted trees, a random forest, a linear SVM and an MLP on WDBC that predict reloads', () => {
    const input = refdataPath('tabular/wdbc.csv');
    const y = numericColumn(readCsvTable(input), 'malignant');
    for (const model of ['gbt', 'rf', 'svm', 'mlp']) {
      const out = mkdtempSync(join(tmpdir(), `cf-${model}-`));
      runTrain({ in: input, label: 'malignant', model, out, features: '^(mean|worst)_', rounds: model === 'mlp' ? '200' : '20', trees: '25' });
      const pred = runPredict({ model: out, in: input, out: join(out, 'pred.parquet') });
      expect(aucFromLabels(y, pred.columns.probability as Float64Array)).toBeGreaterThan(0.97);
      expect(existsSync(join(out, 'pred.parquet'))).toBe(true);
    }
  });
});
