import { expect, it } from 'vitest';
import { describeWithRefdata, refdataPath } from '../helpers/refdata.js';
import { numericColumn, type Table } from '../../core/tables/table.js';
import { readCsvTable } from '../../core/tables/csv.js';
import { glmnetBinomial } from '../../plugins/train/glmnet-binomial.js';
import { cvPredictions, cvSummarize, type CvPredictions } from '../../plugins/train/glmnet-cv.js';

describeWithRefdata('eval/classifiers')('LASSO logistic matches glmnet 4.1.6 on WDBC (refdata/eval/classifiers)', () => {
  const load = () => {
    const t = readCsvTable(refdataPath('tabular/wdbc.csv'));
    const features = t.names.filter((n) => n !== 'id' && n !== 'malignant');
    return { features, X: features.map((f) => numericColumn(t, f)), y: numericColumn(t, 'malignant') };
  };
  const foldid = Array.from({ length: 569 }, (_, i) => (i % 10) + 1);
  // The fold fits are shared by the three CV measures (cv.glmnet refits for each).
  let cached: CvPredictions | undefined;
  const predictions = () => {
    const { X, y } = load();
    cached ??= cvPredictions(X, y, { foldid });
    return { pred: cached, y };
  };
  const coefs = (features: string[], a0: number, beta: Float64Array) =>
    Object.fromEntries([['(Intercept)', a0], ...features.map((f, j) => [f, beta[j]] as const).filter(([, v]) => v !== 0)]);

  it('reproduces lambda_max, the λ sequence, df, null deviance and deviance ratio of the path', () => {
    const { X, y } = load();
    const path = glmnetBinomial(X, y);
    const ref = readCsvTable(refdataPath('eval/classifiers/glmnet_wdbc_path.csv'));
    const lam = numericColumn(ref, 'lambda');
    const df = numericColumn(ref, 'df');
    const dev = numericColumn(ref, 'dev_ratio');
    expect(path.lambda.length).toBe(100);
    expect(Math.abs(path.lambdaMax - 0.383683244477639)).toBeLessThan(1e-12);
    for (let k = 0; k < 100; k++) {
      expect(Math.abs(path.lambda[k] - lam[k]) / lam[k]).toBeLessThan(1e-10);
      expect(path.df[k]).toBe(df[k]);
      expect(Math.abs(path.devRatio[k] - dev[k])).toBeLessThan(1e-6);
    }
    expect(Math.abs(path.nullDeviance - 751.440005384169)).toBeLessThan(1e-8);
  });

  it('reproduces the coefficients at s = 0.01 (exact refit) to 1e-4', () => {
    const { features, X, y } = load();
    const full = glmnetBinomial(X, y);
    // coef(fit, s, exact = TRUE) refits with s inserted into the path; the warm starts matter.
    const lambda = [...Array.from(full.lambda).filter((l) => l > 0.01), 0.01];
    const fit = glmnetBinomial(X, y, { lambda });
    const k = lambda.length - 1;
    const expected = {
      '(Intercept)': -21.29398762, mean_texture: 0.007964783075, mean_concave_points: 12.1527313, radius_error: 2.673551164,
      worst_radius: 0.5971632443, worst_texture: 0.1481918458, worst_smoothness: 15.8907452, worst_concavity: 0.653686799,
      worst_concave_points: 16.49776689, worst_symmetry: 3.976148036,
    };
    const got = coefs(features, fit.a0[k], fit.beta[k]);
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, value] of Object.entries(expected)) expect(Math.abs(got[name] - value)).toBeLessThan(1e-4);
  });

  it('chooses lambda.min and lambda.1se by 10-fold deviance CV with the given folds, with glmnet’s coefficients at lambda.1se', () => {
    const { features } = load();
    const { pred, y } = predictions();
    const cv = cvSummarize(pred, y, 'deviance');
    expect(cv.indexMin + 1).toBe(60);
    expect(cv.index1se + 1).toBe(47);
    expect(Math.abs(cv.lambdaMin - 0.00158538392389809)).toBeLessThan(1e-12);
    expect(Math.abs(cv.lambda1se - 0.00531357696209266)).toBeLessThan(1e-12);
    expect(cv.nzero[cv.indexMin]).toBe(17);
    expect(cv.nzero[cv.index1se]).toBe(10);
    expect(Math.abs(cv.cvm[cv.indexMin] - 0.151873766008)).toBeLessThan(1e-10);
    const ref = readCsvTable(refdataPath('eval/classifiers/glmnet_wdbc_cv_deviance.csv'));
    const cvm = numericColumn(ref, 'cvm');
    const cvsd = numericColumn(ref, 'cvsd');
    // The whole CV curve agrees to the precision of the reference file (12 digits).
    for (let k = 0; k < 100; k++) {
      expect(Math.abs(cv.cvm[k] - cvm[k])).toBeLessThan(1e-9 * cvm[k]);
      expect(Math.abs(cv.cvsd[k] - cvsd[k])).toBeLessThan(1e-9 * cvsd[k]);
    }
    const expected = {
      '(Intercept)': -26.43905552, mean_texture: 0.03739630271, mean_concave_points: 14.83146513, radius_error: 5.224112234,
      fractal_dimension_error: -104.4228987, worst_radius: 0.7013833123, worst_texture: 0.1674836807, worst_smoothness: 23.18718158,
      worst_concavity: 2.076993846, worst_concave_points: 16.69172076, worst_symmetry: 5.22992667,
    };
    const got = coefs(features, cv.fit.a0[cv.index1se], cv.fit.beta[cv.index1se]);
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, value] of Object.entries(expected)) expect(Math.abs(got[name] - value)).toBeLessThan(1e-4);
  });

  it('chooses lambda.min and lambda.1se by AUC and by misclassification CV as glmnet does', () => {
    const { pred, y } = predictions();
    const cls = cvSummarize(pred, y, 'class');
    expect(Math.abs(cls.lambdaMin - 0.00190960054900461)).toBeLessThan(1e-12);
    expect(Math.abs(cls.lambda1se - 0.00401952610996223)).toBeLessThan(1e-12);
    expect(Math.abs(cls.cvm[cls.indexMin] - 0.0228471001757)).toBeLessThan(1e-10);
    const cv = cvSummarize(pred, y, 'auc');
    expect(Math.abs(cv.lambdaMin - 0.00173995689931069)).toBeLessThan(1e-12);
    expect(Math.abs(cv.lambda1se - 0.00333708119205582)).toBeLessThan(1e-12);
    expect(Math.abs(cv.cvm[cv.indexMin] - 0.995974570023)).toBeLessThan(1e-10);
  });
});
