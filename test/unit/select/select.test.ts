/**
 * Feature selection: pooled statistics from per-site sums equal the pooled-data statistics, the
 * filters do what they say, and the federated stage's partials are aggregates.
 */
import { describe, expect, it } from 'vitest';
import { correlationFilter, varianceFilter } from '../../../plugins/select/filters.js';
import { computeFeatureMoments, covarianceOf, mergeFeatureMoments } from '../../../plugins/select/moments.js';
import { pcaFromCovariance, projectPca } from '../../../plugins/select/pca.js';
import { selectFeatures } from '../../../plugins/select/select.js';
import selectPlugin, { selectParams, type SelectGlobal } from '../../../plugins/select/federated.js';
import { univariateTests } from '../../../plugins/select/univariate.js';
import { binEdges, jointCounts, mutualInformation } from '../../../plugins/select/mutual-information.js';
import rfePlugin, { rfeParams, type RfeState } from '../../../plugins/select/rfe-federated.js';
import { rfeLogistic } from '../../../plugins/select/rfe.js';
import { describeWithRefdata } from '../../helpers/refdata.js';
import { arrayLengths, loadHosny, rng, runFederated, selectTable, siteContext, synthetic, takeRows } from '../combat/fixtures.js';

describe('selection statistics', () => {
  it('gives the ANOVA F equal to the squared pooled t for two classes, and Welch t by hand', () => {
    const a = [1, 2, 3];
    const b = [4, 5, 6, 7];
    const m = computeFeatureMoments([Float64Array.from([...a, ...b])], ['a', 'a', 'a', 'b', 'b', 'b', 'b'], false);
    const r = univariateTests([m.classes.get('a')!, m.classes.get('b')!], 0);
    // Pooled: means 2 and 5.5, SS 2 and 5, s² = 7/5; t = 3.5/√(1.4·(1/3 + 1/4)).
    const t = 3.5 / Math.sqrt(1.4 * (1 / 3 + 1 / 4));
    expect(r.F).toBeCloseTo(t * t, 12);
    // Welch: variances 1 and 5/3.
    expect(r.welchT).toBeCloseTo(3.5 / Math.sqrt(1 / 3 + 5 / 12), 12);
  });

  it('drops zero and near-zero variance features', () => {
    const x = [Float64Array.from([1, 2, 3, 4]), Float64Array.from([5, 5, 5, 5]), Float64Array.from([1e9, 1e9 + 1e-3, 1e9, 1e9])];
    const m = computeFeatureMoments(x, null, false);
    const r = varianceFilter(4, m.all.mean, m.all.m2);
    expect(r.kept).toEqual([0]);
    expect(r.dropped.map((d) => d.feature)).toEqual([1, 2]);
    expect(r.dropped[1].reason).toMatch(/near-zero variance/);
  });

  it('keeps the most reliable feature of a correlated cluster', () => {
    const r = rng(3);
    const base = Float64Array.from({ length: 200 }, () => r.normal());
    const y = [base, base.map((v) => v + 0.05 * r.normal()), Float64Array.from({ length: 200 }, () => r.normal()), base.map((v) => -v + 0.05 * r.normal())];
    const m = computeFeatureMoments(y, null, true);
    const icc = [0.8, 0.95, 0.9, 0.7];
    const c = correlationFilter([0, 1, 2, 3], covarianceOf(m), 4, 0.9, (f) => icc[f]);
    expect(c.kept).toEqual([1, 2]);
    expect(c.clusters.get(1)).toEqual([1, 0, 3]);
  });

  it('fits a PCA whose component scores have the component variances', () => {
    const r = rng(9);
    const n = 300;
    const z = Float64Array.from({ length: n }, () => r.normal());
    const y = [z.map((v) => 3 * v + r.normal()), z.map((v) => v + 0.5 * r.normal()), Float64Array.from({ length: n }, () => 2 * r.normal())];
    const m = computeFeatureMoments(y, null, true);
    const model = pcaFromCovariance(covarianceOf(m), m.all.mean, 3, 3);
    const scores = projectPca(model, y);
    scores.forEach((s, k) => {
      const mean = s.reduce((a, v) => a + v, 0) / n;
      const v = s.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
      expect(v).toBeCloseTo(model.variance[k], 10);
    });
    expect(model.explained.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
  });
});

describeWithRefdata('tabular')('select.features over the Hosny 2018 sites', () => {
  const all = loadHosny();
  const features = all.names.filter((n) => !['site', 'case_id', 'Target'].includes(n));
  const siteCol = all.columns.site as string[];
  const sites = [...new Set(siteCol)].map((site) => {
    const rows = siteCol.flatMap((s, i) => (s === site ? [i] : []));
    const part = takeRows(all, rows);
    return { site, n: rows.length, ctx: siteContext(site, 'select', { combat: selectTable(part, ['case_id', ...features]) }, selectTable(part, ['case_id', 'Target'])) };
  });

  it('merges site moments into the pooled covariance to 1e-9 and selects as on pooled data, with aggregate-only partials', async () => {
    const params = selectParams.parse({ from: 'combat', outcome: 'Target', maxP: 0.5, pcaComponents: 3 });
    const run = await runFederated(selectPlugin, params, sites);
    const y = features.map((f) => all.columns[f] as Float64Array);
    const pooled = computeFeatureMoments(y, Array.from(all.columns.Target as Float64Array, String), true);
    const merged = mergeFeatureMoments(sites.map((s, k) => {
      const rows = siteCol.flatMap((x, i) => (x === s.site ? [i] : []));
      return computeFeatureMoments(y.map((c) => Float64Array.from(rows, (i) => c[i])), rows.map((i) => String((all.columns.Target as Float64Array)[i])), true);
    }));
    const a = covarianceOf(pooled);
    const b = covarianceOf(merged);
    let worst = 0;
    for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(a[k])));
    expect(worst).toBeLessThanOrEqual(1e-9);
    const central = selectFeatures(features, pooled, { maxP: 0.5, pcaComponents: 3 });
    const g = run.global as SelectGlobal;
    expect(g.selected).toEqual(central.selected);
    expect(g.selected.length).toBeGreaterThan(0);
    expect(g.selected.length).toBeLessThan(features.length);
    expect(g.pca!.explained[0]).toBeCloseTo(central.pca!.explained[0], 9);
    for (const { site, partial, siteCases } of run.sent) {
      expect(partial.minCellCount).toBeGreaterThanOrEqual(5);
      for (const [key, value] of Object.entries(partial.values)) expect(arrayLengths(value).includes(siteCases), `${site} ${key}`).toBe(false);
    }
    const t = run.applied.Maastro;
    expect(t.names).toContain('pc_3');
    expect(t.names.filter((n) => features.includes(n))).toEqual(g.selected);
  });
});

describe('mutual information', () => {
  it('is ln 2 for a perfectly informative balanced split and 0 for independence', () => {
    expect(mutualInformation([[50, 0], [0, 50]])).toBeCloseTo(Math.LN2, 14);
    expect(mutualInformation([[10, 20], [30, 60]])).toBeCloseTo(0, 14);
  });

  it('is computed federatedly from class × bin counts equal to the pooled counts, and ranks topK by it', async () => {
    const all = synthetic(21, [300, 300, 300], 8);
    const features = all.names.filter((n) => n.startsWith('feat_'));
    // Sites mix scanners (as after ComBat); bins are pooled, so site distributions must overlap them.
    const sites = ['a', 'b', 'c'].map((s, k) => {
      const rows = Array.from({ length: all.columns.case_id.length }, (_, i) => i).filter((i) => i % 3 === k);
      const part = takeRows(all, rows);
      return { site: s, n: rows.length, ctx: siteContext(s, 'select', { combat: selectTable(part, ['case_id', ...features]) }, selectTable(part, ['case_id', 'sex'])) };
    });
    const params = selectParams.parse({ from: 'combat', outcome: 'sex', mutualInformation: true, miBins: 3, rankBy: 'mi', topK: 3, correlationThreshold: null });
    const run = await runFederated(selectPlugin, params, sites);
    expect(run.rounds).toBe(2);
    const g = run.global as SelectGlobal;
    const sex = all.columns.sex as string[];
    const pooled = computeFeatureMoments(features.map((f) => all.columns[f] as Float64Array), sex, false);
    const mi = features.map((f, k) => {
      const edges = binEdges(pooled.all.mean[k], Math.sqrt(pooled.all.m2[k] / (pooled.all.n - 1)), 3);
      return mutualInformation(jointCounts(all.columns[f] as Float64Array, sex, ['F', 'M'], edges));
    });
    g.report.forEach((r, k) => expect(r.mi).toBeCloseTo(mi[k], 12));
    const top = [...mi.keys()].sort((a, b) => mi[b] - mi[a]).slice(0, 3).sort((a, b) => a - b);
    expect(g.selected).toEqual(top.map((k) => features[k]));
    for (const { partial, siteCases } of run.sent) {
      expect(partial.minCellCount).toBeGreaterThanOrEqual(5);
      for (const value of Object.values(partial.values)) expect(arrayLengths(value).includes(siteCases)).toBe(false);
    }
  });
});

describe('recursive feature elimination', () => {
  it('federated select.rfe eliminates in the same order as pooled RFE and keeps the informative features', async () => {
    const r = rng(77);
    const n = 360;
    const F = 8;
    const cols = Array.from({ length: F }, () => Float64Array.from({ length: n }, () => 50 + 10 * r.normal()));
    // Features 1, 4 and 6 carry the outcome.
    const y = Float64Array.from({ length: n }, (_, i) => {
      const eta = 0.15 * (cols[1][i] - 50) - 0.12 * (cols[4][i] - 50) + 0.1 * (cols[6][i] - 50);
      return r.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    });
    const names = cols.map((_, f) => `x${f}`);
    const table = { names: ['case_id', ...names, 'outcome'], columns: { case_id: Array.from({ length: n }, (_, i) => `c${i}`), ...Object.fromEntries(names.map((nm, f) => [nm, cols[f]])), outcome: y } };
    const sites = ['a', 'b', 'c'].map((s, k) => {
      const rows = Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === k);
      const part = takeRows(table, rows);
      return { site: s, n: rows.length, ctx: siteContext(s, 'rfe', { combat: selectTable(part, ['case_id', ...names]) }, selectTable(part, ['case_id', 'outcome'])) };
    });
    const run = await runFederated(rfePlugin, rfeParams.parse({ from: 'combat', keep: 3 }), sites, 400);
    const g = run.global as RfeState;
    if (g.phase !== 'done') throw new Error('not done');
    const m = computeFeatureMoments(cols, null, false);
    const z = cols.map((c, f) => Float64Array.from(c, (v) => (v - m.all.mean[f]) / Math.sqrt(m.all.m2[f] / (n - 1))));
    const pooled = rfeLogistic(z, y, { keep: 3 });
    expect(g.eliminated.map((e) => e.feature)).toEqual(pooled.eliminated.map((e) => names[e.feature]));
    g.beta.forEach((b, j) => expect(Math.abs(b - pooled.beta[j])).toBeLessThan(1e-8));
    expect(g.selected).toEqual(['x1', 'x4', 'x6']);
    for (const { partial, siteCases } of run.sent) for (const value of Object.values(partial.values)) expect(arrayLengths(value).includes(siteCases)).toBe(false);
  });
});

describe('select.features payload limit', () => {
  it('refuses to send a cross-product matrix larger than maxCrossFeatures, with a way out', async () => {
    const all = synthetic(5, [40], 30);
    const features = all.names.filter((n) => n.startsWith('feat_'));
    const ctx = siteContext('north', 'select', { combat: selectTable(all, ['case_id', ...features]) }, selectTable(all, ['case_id']));
    await expect(selectPlugin.local(ctx, selectParams.parse({ from: 'combat', maxCrossFeatures: 20 }), null, 0)).rejects.toThrow(/30 × 30 cross-product matrix.*Filter first/);
    const ok = await selectPlugin.local(ctx, selectParams.parse({ from: 'combat', maxCrossFeatures: 20, correlationThreshold: null }), null, 0);
    expect(ok.values.comoment).toBeUndefined();
  });
});
