import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithRefdata, refdataPath } from '../helpers/refdata.js';
import { numericColumn, textColumn } from '../../core/tables/table.js';
import { readCsvTable, parseCsv } from '../../core/tables/csv.js';
import { autoDirection, delongAuc, delongCi, delongCovariance, delongPairedTest, splitByLabel } from '../../plugins/evaluate/delong.js';
import { bootstrapAucFromResamples } from '../../plugins/evaluate/bootstrap-auc.js';
import { brierScore, calibration } from '../../plugins/evaluate/calibration.js';
import { hosmerLemeshow } from '../../plugins/evaluate/hosmer-lemeshow.js';
import { decisionCurve } from '../../plugins/evaluate/decision-curve.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describeWithRefdata('eval')('evaluation statistics match pROC, ResourceSelection, rms and dcurves (refdata/eval)', () => {
  const asah = () => {
    const t = readCsvTable(refdataPath('eval/aSAH.csv'));
    const y = Float64Array.from(textColumn(t, 'outcome'), (o) => (o === 'Poor' ? 1 : 0));
    const marker = (name: string) => splitByLabel(y, numericColumn(t, name));
    return { t, y, marker };
  };

  it('reproduces pROC AUC, DeLong variance and 95% CI for wfns, s100b and ndka to 1e-12 relative', () => {
    const { marker } = asah();
    const expected = {
      wfns: [0.823678861788618, 0.00146991470882363, 0.748534887819453, 0.898822835757783],
      s100b: [0.731368563685637, 0.00266868245717244, 0.630118211761623, 0.832618915609651],
      ndka: [0.611957994579946, 0.0031908105493913, 0.501244999271703, 0.722670989888189],
    } as const;
    for (const [name, [auc, v, lo, hi]] of Object.entries(expected)) {
      const { cases, controls } = marker(name);
      expect(autoDirection(cases, controls)).toBe('<');
      const d = delongAuc(cases, controls);
      const ci = delongCi(d);
      expect(rel(d.auc, auc)).toBeLessThan(1e-12);
      expect(rel(d.variance, v)).toBeLessThan(1e-12);
      expect(rel(ci[0], lo)).toBeLessThan(1e-12);
      expect(rel(ci[1], hi)).toBeLessThan(1e-12);
    }
    const s = marker('s100b');
    const ci90 = delongCi(delongAuc(s.cases, s.controls), 0.9);
    expect(Math.abs(ci90[0] - 0.64639658975857)).toBeLessThan(1e-12);
    expect(Math.abs(ci90[1] - 0.816340537612704)).toBeLessThan(1e-12);
  });

  it('reproduces the ndka CI on the female subset', () => {
    const { t, y } = asah();
    const female = textColumn(t, 'gender').map((g) => g === 'Female');
    const yy = y.filter((_, i) => female[i]);
    const ss = numericColumn(t, 'ndka').filter((_, i) => female[i]);
    const { cases, controls } = splitByLabel(yy, ss);
    const d = delongAuc(cases, controls);
    const [lo, hi] = delongCi(d);
    expect(lo).toBeCloseTo(0.5261398281, 9);
    expect(d.auc).toBeCloseTo(0.6671428571, 9);
    expect(hi).toBeCloseTo(0.8081458862, 9);
  });

  it('reproduces pROC DeLong covariances and paired tests (two- and one-sided) to 1e-9', () => {
    const { marker } = asah();
    const d = Object.fromEntries(['wfns', 's100b', 'ndka'].map((m) => [m, delongAuc(marker(m).cases, marker(m).controls)]));
    expect(Math.abs(delongCovariance(d.wfns, d.ndka) - -0.000532967856762438)).toBeLessThan(1e-15);
    expect(Math.abs(delongCovariance(d.ndka, d.s100b) - -0.000756164938056579)).toBeLessThan(1e-15);
    expect(Math.abs(delongCovariance(d.s100b, d.wfns) - 0.00119615567376754)).toBeLessThan(1e-15);
    const cases: [string, string, number, number, number, number][] = [
      ['wfns', 's100b', 2.20898359144091, 0.0271757822291882, 0.0104061769564846, 0.174214419249478],
      ['wfns', 'ndka', 2.79777591868904, 0.00514557970691098, 0.0634011709339876, 0.3600405634833566],
      ['ndka', 's100b', -1.39077002573558, 0.164295175223054, -0.2876917446341914, 0.0488706064228094],
    ];
    for (const [a, b, z, p, lo, hi] of cases) {
      const t = delongPairedTest(d[a], d[b]);
      expect(Math.abs(t.z - z)).toBeLessThan(1e-9);
      expect(Math.abs(t.pValue - p)).toBeLessThan(1e-9);
      expect(Math.abs(t.ci[0] - lo)).toBeLessThan(1e-9);
      expect(Math.abs(t.ci[1] - hi)).toBeLessThan(1e-9);
    }
    expect(Math.abs(delongPairedTest(d.wfns, d.s100b, 'greater').pValue - 0.0135878911145941)).toBeLessThan(1e-9);
    expect(Math.abs(delongPairedTest(d.wfns, d.s100b, 'less').pValue - 0.986412108885406)).toBeLessThan(1e-9);
    const same = delongPairedTest(d.wfns, d.wfns);
    expect(same.z).toBe(0);
    expect(same.pValue).toBe(1);
  });

  it('reproduces the second DeLong vector on the dcurves data (n = 750)', () => {
    const t = readCsvTable(refdataPath('eval/dcurves_df_binary.csv'));
    const y = numericColumn(t, 'cancer');
    const a = splitByLabel(y, numericColumn(t, 'cancerpredmarker'));
    const b = splitByLabel(y, numericColumn(t, 'marker'));
    const da = delongAuc(a.cases, a.controls);
    const db = delongAuc(b.cases, b.controls);
    expect(rel(da.auc, 0.86062753783684)).toBeLessThan(1e-12);
    expect(rel(db.auc, 0.70874861572536)).toBeLessThan(1e-12);
    const test = delongPairedTest(da, db);
    expect(Math.abs(test.z - 5.37697870092518)).toBeLessThan(1e-9);
    expect(rel(test.pValue, 7.57461300082498e-8)).toBeLessThan(1e-9);
  });

  it('reproduces the stratified bootstrap replicate AUCs and type-7 percentile CI on fixed resample indices to 1e-9', () => {
    const { marker } = asah();
    const { cases, controls } = marker('s100b');
    // The index file addresses rows of aSAH.csv; map row numbers to positions within cases / controls.
    const t = readCsvTable(refdataPath('eval/aSAH.csv'));
    const outcome = textColumn(t, 'outcome');
    const pos = new Int32Array(outcome.length);
    let ci = 0, cj = 0;
    outcome.forEach((o, r) => (pos[r] = o === 'Poor' ? ci++ : cj++));
    const rows = parseCsv(readFileSync(refdataPath('eval/aSAH_s100b_stratified_boot_indices_1based.csv'), 'utf8')).filter((r) => r.length > 1);
    expect(rows.length).toBe(200);
    const resamples = rows.map((r) => {
      const idx = r.map((v) => Number(v) - 1);
      for (const i of idx.slice(0, 41)) expect(outcome[i]).toBe('Poor');
      return { cases: idx.slice(0, 41).map((i) => pos[i]), controls: idx.slice(41).map((i) => pos[i]) };
    });
    const res = bootstrapAucFromResamples(cases, controls, resamples);
    const expectedAucs = numericColumn(readCsvTable(refdataPath('eval/aSAH_s100b_boot_aucs.csv')), 'auc');
    for (let b = 0; b < 200; b++) expect(Math.abs(res.aucs[b] - expectedAucs[b])).toBeLessThan(1e-12);
    const mean = res.aucs.reduce((s, v) => s + v, 0) / 200;
    expect(Math.abs(mean - 0.731792005420054)).toBeLessThan(1e-9);
    expect(Math.abs(res.ci[0] - 0.642729505420054)).toBeLessThan(1e-9);
    expect(Math.abs(res.ci[1] - 0.727388211382114)).toBeLessThan(1e-9);
    expect(Math.abs(res.ci[2] - 0.821866531165312)).toBeLessThan(1e-9);
  });

  it('reproduces Brier, calibration slope/intercept/CITL, Hosmer–Lemeshow and AUC on the birthwt external validation to 1e-6', () => {
    const t = readCsvTable(refdataPath('eval/birthwt_validation_predictions.csv'));
    const y = numericColumn(t, 'low');
    const p = numericColumn(t, 'phat');
    expect(Math.abs(brierScore(y, p) - 0.203890442805932)).toBeLessThan(1e-12);
    const c = calibration(y, p);
    expect(Math.abs(c.slope - 0.585005517164811)).toBeLessThan(1e-6);
    expect(Math.abs(c.intercept - -0.211582158250927)).toBeLessThan(1e-6);
    expect(Math.abs(c.citl - 0.147628224532189)).toBeLessThan(1e-6);
    const hl = hosmerLemeshow(y, p, 10);
    expect(hl.df).toBe(8);
    expect(Math.abs(hl.statistic - 6.971156064718998)).toBeLessThan(1e-6);
    expect(Math.abs(hl.pValue - 0.539747900490185)).toBeLessThan(1e-6);
    const { cases, controls } = splitByLabel(y, p);
    const d = delongAuc(cases, controls);
    expect(rel(d.auc, 0.659946949602122)).toBeLessThan(1e-12);
    expect(rel(d.variance, 0.00365234223838907)).toBeLessThan(1e-12);
    const [lo, hi] = delongCi(d);
    expect(rel(lo, 0.541497288108923)).toBeLessThan(1e-12);
    expect(rel(hi, 0.778396611095321)).toBeLessThan(1e-12);
  });

  it('recovers the analytic miscalibration slope 1/1.5 and intercept −1/3, with HL and Brier', () => {
    const t = readCsvTable(refdataPath('eval/dcurves_df_binary.csv'));
    const y = numericColumn(t, 'cancer');
    const p = Float64Array.from(numericColumn(t, 'cancerpredmarker'), (v) => 1 / (1 + Math.exp(-(0.5 + 1.5 * Math.log(v / (1 - v))))));
    const c = calibration(y, p);
    expect(Math.abs(c.slope - 0.666666685800394)).toBeLessThan(1e-6);
    expect(Math.abs(c.intercept - -0.333333302599847)).toBeLessThan(1e-6);
    expect(Math.abs(c.citl - 0.0867433714608965)).toBeLessThan(1e-6);
    expect(Math.abs(brierScore(y, p) - 0.0859452848386317)).toBeLessThan(1e-9);
    const hl = hosmerLemeshow(y, p);
    expect(Math.abs(hl.statistic - 62.0636684558299)).toBeLessThan(1e-6);
    expect(Math.abs(hl.pValue - 1.832e-10)).toBeLessThan(1e-12);
  });

  it('reproduces the apparent-fit HL bins of birthwt and dcurves (ResourceSelection grouping)', () => {
    const b = readCsvTable(refdataPath('eval/birthwt.csv'));
    const hl = hosmerLemeshow(numericColumn(b, 'low'), numericColumn(b, 'phat'));
    expect(Math.abs(hl.statistic - 10.3983355923281)).toBeLessThan(1e-6);
    expect(Math.abs(hl.pValue - 0.238173104017308)).toBeLessThan(1e-6);
    expect(hl.bins.map((x) => x.n - x.observed1)).toEqual([19, 17, 13, 18, 12, 11, 14, 12, 9, 5]);
    expect(hl.bins.map((x) => x.observed1)).toEqual([0, 2, 6, 1, 7, 7, 5, 7, 10, 14]);
    const e1 = [1.1766, 2.0252, 3.1701, 4.3034, 4.8925, 5.3283, 6.4631, 8.0813, 10.2001, 13.3596];
    hl.bins.forEach((x, k) => expect(Math.abs(x.expected1 - e1[k])).toBeLessThan(5e-5));
    expect(Math.abs(brierScore(numericColumn(b, 'low'), numericColumn(b, 'phat')) - 0.17943472555904)).toBeLessThan(1e-12);
    const d = readCsvTable(refdataPath('eval/dcurves_df_binary.csv'));
    const hd = hosmerLemeshow(numericColumn(d, 'cancer'), numericColumn(d, 'cancerpredmarker'));
    expect(Math.abs(hd.statistic - 14.4006402171808)).toBeLessThan(1e-6);
    expect(Math.abs(hd.pValue - 0.0719022521387747)).toBeLessThan(1e-6);
  });

  it('reproduces the dcurves net-benefit table for cancerpredmarker, treat-all, and interventions avoided to 1e-6', () => {
    const t = readCsvTable(refdataPath('eval/dcurves_df_binary.csv'));
    const y = numericColumn(t, 'cancer');
    const thresholds = Array.from({ length: 11 }, (_, k) => Number((k * 0.05).toFixed(2)));
    const dc = decisionCurve(y, numericColumn(t, 'cancerpredmarker'), { thresholds });
    const exp = readCsvTable(refdataPath('eval/dca_expected_cancerpredmarker.csv'));
    const variable = textColumn(exp, 'variable');
    const thr = numericColumn(exp, 'threshold');
    const nb = numericColumn(exp, 'net_benefit');
    const tp = numericColumn(exp, 'tp_rate');
    const fp = numericColumn(exp, 'fp_rate');
    let checked = 0;
    for (let r = 0; r < variable.length; r++) {
      const k = thresholds.findIndex((x) => Math.abs(x - thr[r]) < 1e-12);
      expect(k).toBeGreaterThanOrEqual(0);
      if (variable[r] === 'cancerpredmarker') {
        expect(Math.abs(dc[k].netBenefit - nb[r])).toBeLessThan(1e-6);
        expect(Math.abs(dc[k].tpRate - tp[r])).toBeLessThan(1e-6);
        expect(Math.abs(dc[k].fpRate - fp[r])).toBeLessThan(1e-6);
        checked++;
      } else if (variable[r] === 'all') {
        expect(Math.abs(dc[k].treatAll - nb[r])).toBeLessThan(1e-6);
        checked++;
      } else {
        expect(nb[r]).toBe(0);
      }
    }
    expect(checked).toBe(22);
    expect(Math.abs(dc[5].netBenefit - 0.064)).toBeLessThan(1e-7);
    expect(Math.abs(dc[2].interventionsAvoided - 0.3866666667)).toBeLessThan(1e-6);
    expect(Math.abs(dc[4].interventionsAvoided - 0.5693333333)).toBeLessThan(1e-6);
    expect(Math.abs(dc[6].interventionsAvoided - 0.6608888889)).toBeLessThan(1e-6);
    const fam = decisionCurve(y, numericColumn(t, 'famhistory'), { thresholds: [0] });
    expect(fam[0].treatAll).toBeCloseTo(0.14, 12);
    expect(fam[0].netBenefit).toBeCloseTo(0.032, 12);
  });
});
