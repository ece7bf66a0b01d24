import { expect, it } from 'vitest';
import { describeWithRefdata, refdataPath } from '../helpers/refdata.js';
import { numericColumn } from '../../core/tables/table.js';
import { readCsvTable } from '../../core/tables/csv.js';
import { loadXgboostJson } from '../../plugins/train/xgboost-json.js';
import { expectedValue, treeShap } from '../../plugins/train/tree-shap.js';
import { predictMargin, predictProbability } from '../../plugins/train/tree-model.js';

describeWithRefdata('eval/classifiers')('TreeSHAP on an XGBoost JSON model matches pred_contribs (refdata/eval/classifiers)', () => {
  const model = () => loadXgboostJson(refdataPath('eval/classifiers/xgb_wdbc_5trees_depth3.json'));
  const data = () => readCsvTable(refdataPath('tabular/wdbc.csv'));
  const expected = () => readCsvTable(refdataPath('eval/classifiers/xgb_wdbc_treeshap_expected.csv'));

  it('scores the JSON model to the expected margins and probabilities', () => {
    const m = model();
    const t = data();
    const e = expected();
    const rows = numericColumn(e, 'row_id');
    expect(m.trees.length).toBe(5);
    rows.forEach((id, r) => {
      const x = m.featureNames.map((f) => numericColumn(t, f)[id - 1]);
      expect(Math.abs(predictMargin(m, x) - numericColumn(e, 'margin')[r])).toBeLessThan(1e-6);
      expect(Math.abs(predictProbability(m, x) - numericColumn(e, 'prob')[r])).toBeLessThan(1e-6);
    });
  });

  it('gives XGBoost’s TreeSHAP contributions and bias for rows 1, 2, 3, 20, 21 to 1e-6', () => {
    const m = model();
    const t = data();
    const e = expected();
    const rows = numericColumn(e, 'row_id');
    let compared = 0;
    rows.forEach((id, r) => {
      const x = m.featureNames.map((f) => numericColumn(t, f)[id - 1]);
      const phi = treeShap(m, x);
      m.featureNames.forEach((f, j) => {
        expect(Math.abs(phi[j] - numericColumn(e, f)[r])).toBeLessThan(1e-6);
        compared++;
      });
      expect(Math.abs(phi[m.featureNames.length] - numericColumn(e, 'bias')[r])).toBeLessThan(1e-6);
      // Local accuracy up to float32 covers (a parent's sum_hessian is not exactly its children's sum).
      expect(Math.abs(phi.reduce((a, b) => a + b, 0) - predictMargin(m, x))).toBeLessThan(1e-6);
    });
    expect(compared).toBe(150);
    expect(m.trees.reduce((s, tr) => s + expectedValue(tr), m.baseMargin)).toBeCloseTo(-0.527999043, 6);
  });
});
