import { expect, it } from 'vitest';
import { describeWithRefdata, refdataPath } from '../../helpers/refdata.js';
import { numericColumn } from '../../../core/tables/table.js';
import { readCsvTable } from '../../../core/tables/csv.js';
import { plattScaling, svmProbability, trainLinearSvm } from '../../../plugins/train/svm.js';
import { aucFromLabels } from '../../../plugins/evaluate/auc-fast.js';
import { brierScore } from '../../../plugins/evaluate/calibration.js';

describeWithRefdata('tabular')('linear SVM with Platt probabilities', () => {
  it('separates WDBC on held-out rows and gives calibrated-looking probabilities', () => {
    const t = readCsvTable(refdataPath('tabular/wdbc.csv'));
    const features = t.names.filter((n) => n !== 'id' && n !== 'malignant');
    const y = numericColumn(t, 'malignant');
    const train = Array.from({ length: 569 }, (_, i) => i).filter((i) => i % 2 === 0);
    const test = Array.from({ length: 569 }, (_, i) => i).filter((i) => i % 2 === 1);
    const cols = (rows: number[]) => features.map((f) => Float64Array.from(rows, (i) => numericColumn(t, f)[i]));
    const m = trainLinearSvm(cols(train), train.map((i) => y[i]), { C: 0.5 });
    const te = cols(test);
    const prob = test.map((_, r) => svmProbability(m, te.map((c) => c[r])));
    const yt = test.map((i) => y[i]);
    expect(aucFromLabels(yt, prob)).toBeGreaterThan(0.98);
    expect(brierScore(yt, prob)).toBeLessThan(0.05);
    // A positive decision value means "malignant": A < 0 in Platt's sigmoid.
    expect(m.platt.A).toBeLessThan(0);
  });
});

it('Platt scaling recovers a known sigmoid from decision values', () => {
  // f ~ grid, y drawn deterministically at the sigmoid's rate: P(y=1|f) = 1/(1+exp(-2f+0.5)).
  const f: number[] = [];
  const y: number[] = [];
  for (let k = -300; k <= 300; k++) {
    const v = k / 100;
    const p = 1 / (1 + Math.exp(-2 * v + 0.5));
    for (let r = 0; r < 200; r++) {
      f.push(v);
      y.push((r + 0.5) / 200 < p ? 1 : 0);
    }
  }
  const { A, B } = plattScaling(f, y);
  expect(A).toBeCloseTo(-2, 1);
  expect(B).toBeCloseTo(0.5, 1);
});
