import { expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { describeWithRefdata, refdataPath } from '../../helpers/refdata.js';
import { formatEvaluate, runEvaluate } from '../../../cli/commands/evaluate.js';

describeWithRefdata('eval')('cohortflow evaluate', () => {
  it('reports AUCs, DeLong CIs and the paired test of two score columns as pROC does', () => {
    const file = refdataPath('eval/dcurves_df_binary.csv');
    expect(existsSync(file)).toBe(true);
    const r = runEvaluate({ in: file, label: 'cancer', score: 'cancerpredmarker,marker', bootstrap: '200', seed: '7' });
    expect(r.scores.cancerpredmarker.auc).toBeCloseTo(0.86062753783684, 12);
    expect(r.scores.marker.auc).toBeCloseTo(0.70874861572536, 12);
    expect(r.paired!.z).toBeCloseTo(5.37697870092518, 9);
    expect(r.scores.cancerpredmarker.hosmerLemeshow!.statistic).toBeCloseTo(14.4006402171808, 6);
    // `marker` is not a probability: calibration is skipped rather than computed on nonsense.
    expect(r.scores.marker.calibration).toBeUndefined();
    const text = formatEvaluate(r);
    expect(text).toContain('paired DeLong cancerpredmarker vs marker');
    expect(text).toContain('AUC 0.8606');
  });
});
