import { describe, expect, it } from 'vitest';
import { delongAuc, midranks } from '../../../plugins/evaluate/delong.js';
import { aucMannWhitney } from '../../../plugins/evaluate/auc-fast.js';
import { metricsAtThreshold, youdenThreshold } from '../../../plugins/evaluate/threshold-metrics.js';
import { rocBand, rocCurve } from '../../../plugins/evaluate/roc-curve.js';
import { bootstrapAuc } from '../../../plugins/evaluate/bootstrap-auc.js';
import { evaluateBinary } from '../../../plugins/evaluate/evaluate-binary.js';
import { parseThresholds } from '../../../plugins/evaluate/decision-curve.js';

/** The O(n²) definition of the AUC, to check the midrank version against. */
function aucBrute(cases: number[], controls: number[]): number {
  let s = 0;
  for (const x of cases) for (const y of controls) s += x > y ? 1 : x === y ? 0.5 : 0;
  return s / (cases.length * controls.length);
}

describe('AUC and threshold metrics', () => {
  it('gives the pairwise-comparison AUC with ties counted one half', () => {
    const cases = [0.9, 0.8, 0.8, 0.3, 0.5, 0.5];
    const controls = [0.1, 0.5, 0.8, 0.2, 0.2, 0.4, 0.5];
    expect(delongAuc(cases, controls).auc).toBeCloseTo(aucBrute(cases, controls), 14);
    expect(aucMannWhitney(cases, controls)).toBeCloseTo(aucBrute(cases, controls), 14);
    expect(aucMannWhitney(cases, controls, '>')).toBeCloseTo(1 - aucBrute(cases, controls), 14);
    expect(Array.from(midranks([3, 1, 3, 2]))).toEqual([3.5, 1, 3.5, 2]);
  });

  it('chooses the Youden threshold between the scores that separate best', () => {
    const y = [0, 0, 0, 1, 0, 1, 1, 1];
    const s = [0.1, 0.2, 0.3, 0.4, 0.45, 0.6, 0.7, 0.8];
    const t = youdenThreshold(y, s);
    expect(t).toBeCloseTo(0.35, 12);
    const m = metricsAtThreshold(y, s, t);
    expect([m.tp, m.fp, m.tn, m.fn]).toEqual([4, 1, 3, 0]);
    expect(m.sensitivity).toBe(1);
    expect(m.specificity).toBe(0.75);
    expect(m.ppv).toBe(0.8);
    expect(m.npv).toBe(1);
  });

  it('builds an ROC curve from (0,0) to (1,1) and a bootstrap band that contains it', () => {
    const cases = Array.from({ length: 40 }, (_, i) => Math.sin(i) + 0.8);
    const controls = Array.from({ length: 60 }, (_, i) => Math.cos(i * 1.3));
    const c = rocCurve(cases, controls);
    expect(c[0]).toEqual({ fpr: 0, tpr: 0 });
    expect(c[c.length - 1]).toEqual({ fpr: 1, tpr: 1 });
    const band = rocBand(cases, controls, { replicates: 200, seed: 3 });
    for (const b of band) {
      expect(b.lower).toBeLessThanOrEqual(b.upper);
      expect(b.sensitivity).toBeGreaterThanOrEqual(b.lower - 0.1);
    }
  });

  it('gives a bootstrap CI that brackets the AUC and is reproducible from its seed', () => {
    const cases = Array.from({ length: 50 }, (_, i) => Math.sin(i * 7) + 0.5);
    const controls = Array.from({ length: 70 }, (_, i) => Math.sin(i * 3));
    const a = bootstrapAuc(cases, controls, { replicates: 300, seed: 42 });
    const b = bootstrapAuc(cases, controls, { replicates: 300, seed: 42 });
    expect(Array.from(a.aucs)).toEqual(Array.from(b.aucs));
    const auc = aucMannWhitney(cases, controls);
    expect(a.ci[0]).toBeLessThan(auc);
    expect(a.ci[2]).toBeGreaterThan(auc);
  });

  it('summarises an evaluation without any per-case array in the result', () => {
    const y = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const p = y.map((v, i) => Math.min(0.95, Math.max(0.05, 0.3 + 0.3 * v + 0.2 * Math.sin(i))));
    const e = evaluateBinary(y, p, { bootstrap: 100 });
    expect(e.n).toBe(200);
    expect(e.roc.length).toBeLessThanOrEqual(200);
    expect(e.calibrationCurve!.reduce((s, b) => s + b.n, 0)).toBe(200);
    expect(JSON.stringify(e)).not.toContain(String(p[1]));
  });

  it('parses decision-curve threshold ranges without float drift', () => {
    expect(parseThresholds('0.05:0.35:0.05')).toEqual([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
  });
});
