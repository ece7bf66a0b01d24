import { expect, it } from 'vitest';
import { describeWithRefdata, refdataPath } from '../../helpers/refdata.js';
import { numericColumn } from '../../../core/tables/table.js';
import { readCsvTable } from '../../../core/tables/csv.js';
import { fitLogistic } from '../../../plugins/train/logistic-newton.js';
import { buildNomogram } from '../../../plugins/train/nomogram.js';

describeWithRefdata('eval/classifiers')('nomogram of the birthwt logistic model matches rms (refdata/eval/classifiers §3)', () => {
  it('fits glm(low ~ age + lwt + race + smoke + ptl + ht + ui) and reproduces rms points, axes and risks', () => {
    const t = readCsvTable(refdataPath('eval/birthwt.csv'));
    const cols = ['age', 'lwt', 'race', 'smoke', 'ptl', 'ht', 'ui'].map((c) => numericColumn(t, c));
    const [age, lwt, race, smoke, ptl, ht, ui] = cols;
    const n = age.length;
    const p = 9;
    const x = new Float64Array(n * p);
    for (let i = 0; i < n; i++) x.set([1, age[i], lwt[i], race[i] === 2 ? 1 : 0, race[i] === 3 ? 1 : 0, smoke[i], ptl[i], ht[i], ui[i]], i * p);
    const { beta } = fitLogistic({ x, y: numericColumn(t, 'low'), n, p }, { tol: 1e-12 });
    const expected = [0.4644032796, -0.02706977918, -0.01518256284, 1.26321937367, 0.86163510584, 0.92334915561, 0.5417551191, 1.8336956082, 0.75859650379];
    beta.forEach((b, j) => expect(Math.abs(b - expected[j])).toBeLessThan(1e-8));
    const step = (a: number, b: number, s: number) => Array.from({ length: Math.round((b - a) / s) + 1 }, (_, k) => a + k * s);
    const nomo = buildNomogram(beta[0], [
      { type: 'continuous', name: 'age', coefficient: beta[1], ticks: step(10, 45, 5) },
      { type: 'continuous', name: 'lwt', coefficient: beta[2], ticks: step(80, 260, 20) },
      { type: 'categorical', name: 'race', levels: [{ label: 'white', effect: 0 }, { label: 'black', effect: beta[3] }, { label: 'other', effect: beta[4] }] },
      { type: 'continuous', name: 'smoke', coefficient: beta[5], ticks: [0, 1] },
      { type: 'continuous', name: 'ptl', coefficient: beta[6], ticks: [0, 1, 2, 3] },
      { type: 'continuous', name: 'ht', coefficient: beta[7], ticks: [0, 1] },
      { type: 'continuous', name: 'ui', coefficient: beta[8], ticks: [0, 1] },
    ]);
    // rms used lrm's coefficients, which agree with glm's to ~1e-7 relative: PPU agrees to 1e-6 relative.
    expect(Math.abs(nomo.pointsPerUnit - 36.59168706) / 36.59168706).toBeLessThan(1e-6);
    const pts = (name: string) => nomo.axes.find((a) => a.name === name)!.ticks.map((t) => Math.round(t.points));
    expect(pts('age')).toEqual([35, 30, 25, 20, 15, 10, 5, 0]);
    expect(pts('lwt')).toEqual([100, 89, 78, 67, 56, 44, 33, 22, 11, 0]);
    expect(pts('race')).toEqual([0, 46, 32]);
    expect(pts('smoke')).toEqual([0, 34]);
    expect(pts('ptl')).toEqual([0, 20, 40, 59]);
    expect(pts('ht')).toEqual([0, 67]);
    expect(pts('ui')).toEqual([0, 28]);
    for (const [total, risk] of [[92, 0.1], [132, 0.25], [172, 0.5], [212, 0.75]]) expect(Math.round(nomo.pointsForRisk(risk))).toBe(total);
    // Subject 1: 19 y, 182 lb, black, non-smoker, no premature labour, no hypertension, uterine irritability.
    const total = nomo.totalPoints({ age: 19, lwt: 182, race: 'black', smoke: 0, ptl: 0, ht: 0, ui: 1 });
    expect(Math.abs(nomo.lpAtZero + total / nomo.pointsPerUnit - -0.7913330381)).toBeLessThan(1e-7);
    expect(Math.abs(nomo.risk(total) - 0.311882512)).toBeLessThan(1e-7);
  });
});
