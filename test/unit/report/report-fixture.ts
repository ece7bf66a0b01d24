/**
 * Builds a `ReportData` by really running the pipeline's numeric parts on seeded synthetic data:
 * LASSO with 5-fold CV at one training site, external validation at two sites, linear SHAP,
 * timings measured while doing it. No number in it is typed in by hand.
 */
import type { ReportData, ReportStage } from '../../../plugins/report/report-data.js';
import { xoshiro128 } from '../../../core/random.js';
import { trainLasso, validateAtSite } from '../../../plugins/train/external-validation.js';
import { linearShap, shapSummary } from '../../../plugins/train/linear-shap.js';
import { youdenThreshold } from '../../../plugins/evaluate/threshold-metrics.js';
import type { Table } from '../../../core/tables/table.js';
import { kruskalWallis } from '../../../core/stats/kruskal-wallis.js';
import { iccAll, meanSquaresOf } from '../../../plugins/icc/icc.js';
import { buildNomogram, nomogramForReport } from '../../../plugins/train/nomogram.js';

function site(name: string, n: number, seed: number, shift: number): Table {
  const rand = xoshiro128(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-300)) * Math.cos(2 * Math.PI * rand());
  const p = 12;
  const cols = Array.from({ length: p }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = -0.4 + shift;
    for (let j = 0; j < p; j++) {
      cols[j][i] = gauss() + shift;
      eta += (j < 3 ? [1.1, -0.9, 0.6][j] : 0) * cols[j][i];
    }
    y[i] = rand() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  const names = Array.from({ length: p }, (_, j) => `original_firstorder_F${j}`);
  return { names: ['case_id', ...names, 'outcome'], columns: { case_id: Array.from({ length: n }, (_, i) => `${name}-${i}`), ...Object.fromEntries(names.map((f, j) => [f, cols[j]])), outcome: y } };
}

/** ICC(3,1) of each feature against a retest copy with feature-dependent measurement noise. */
function iccOfRetest(t: Table, features: string[]): { feature: string; icc: number }[] {
  const rand = xoshiro128(9);
  return features.map((feature, j) => {
    const x = t.columns[feature] as Float64Array;
    const ratings = Array.from(x, (v) => [v, v + (0.2 + 0.15 * j) * (rand() - 0.5) * 3.46]);
    return { feature, icc: iccAll(meanSquaresOf(ratings, 2)).find((r) => r.form === 'ICC3')!.icc };
  });
}

/** Kruskal–Wallis H across sites per feature, raw and after removing each site's mean. */
function siteEffect(sites: Record<string, Table>, features: string[]) {
  return features.slice(0, 6).map((feature) => {
    const groups: string[] = [];
    const raw: number[] = [];
    const centred: number[] = [];
    for (const [name, t] of Object.entries(sites)) {
      const x = Array.from(t.columns[feature] as Float64Array);
      const m = x.reduce((a, b) => a + b, 0) / x.length;
      x.forEach((v) => (groups.push(name), raw.push(v), centred.push(v - m)));
    }
    return { feature, before: kruskalWallis(raw, groups).statistic, after: kruskalWallis(centred, groups).statistic, statistic: 'Kruskal–Wallis H' };
  });
}

export function buildFixtureReport(): ReportData {
  const t0 = Date.now();
  const stamp = (ms: number) => new Date(t0 + ms).toISOString();
  const sites = { north: site('north', 220, 1, 0), south: site('south', 160, 2, 0.3), east: site('east', 140, 3, -0.2) };
  const features = sites.north.names.filter((n) => n.startsWith('original_'));
  const start = Date.now();
  const { model, cv } = trainLasso(features, features.map((f) => sites.north.columns[f] as Float64Array), sites.north.columns.outcome as Float64Array, { nfolds: 5 });
  const trainEta = features.reduce((acc, f, j) => acc.map((v, i) => v + model.coefficients[j] * (sites.north.columns[f] as Float64Array)[i]), new Float64Array(220).fill(model.intercept));
  model.threshold = youdenThreshold(sites.north.columns.outcome as Float64Array, Float64Array.from(trainEta, (e) => 1 / (1 + Math.exp(-e))));
  const trained = Date.now();
  const validation = Object.fromEntries((['south', 'east'] as const).map((s) => {
    const e = validateAtSite(model, sites[s], 'outcome', { bootstrap: 200, seed: 5 });
    return [s, {
      n: e.n, events: e.events, auc: e.auc, aucCi: e.aucCi, aucVariance: e.aucVariance, bootstrapCi: e.bootstrapCi ? [e.bootstrapCi[0], e.bootstrapCi[2]] as [number, number] : undefined,
      brier: e.brier, calibration: e.calibration, hosmerLemeshow: e.hosmerLemeshow, thresholdMetrics: e.thresholdMetrics,
      roc: e.roc, rocBand: e.rocBand?.map((b) => ({ fpr: 1 - b.specificity, lower: b.lower, upper: b.upper })),
      calibrationCurve: e.calibrationCurve, decisionCurve: e.decisionCurve?.map((d) => ({ threshold: d.threshold, model: d.netBenefit, treatAll: d.treatAll })),
    }];
  }));
  const validated = Date.now();
  const phis = Array.from({ length: 140 }, (_, i) => linearShap(model, model.means, features.map((f) => (sites.east.columns[f] as Float64Array)[i])).phi);
  const shap = shapSummary(phis, features).filter((s) => s.meanAbs > 0);
  const events = (t: Table) => (t.columns.outcome as Float64Array).reduce((a, b) => a + b, 0);
  const siteRun = (names: string[], a: number, b: number) => names.map((s) => ({ site: s, state: 'done', startedAt: stamp(a), endedAt: stamp(Math.max(b, a + 1)), cases: (sites as Record<string, Table>)[s].columns.outcome.length }));
  const stages: ReportStage[] = [
    { name: 'rad', type: 'features.radiomics', kind: 'site', after: [], state: 'done', sites: siteRun(['north', 'south', 'east'], 0, 5) },
    { name: 'model', type: 'train.lasso', kind: 'federated', after: ['rad'], state: 'done', sites: siteRun(['north'], start - t0, trained - t0) },
    { name: 'validate', type: 'evaluate.external', kind: 'federated', after: ['model'], state: 'done', sites: siteRun(['south', 'east'], trained - t0, validated - t0) },
    { name: 'report', type: 'report.html', kind: 'central', after: ['validate'], state: 'running', sites: [{ site: 'coordinator', state: 'running', startedAt: stamp(validated - t0) }] },
  ];
  return {
    study: { id: 'fixture', runId: 'r1', title: 'Fixture study <report test>', generatedAt: new Date(t0).toISOString(), sites: ['north', 'south', 'east'], outcome: 'outcome' },
    stages,
    siteSummaries: (['north', 'south', 'east'] as const).map((s) => ({ site: s, cases: sites[s].columns.outcome.length, events: events(sites[s]), role: s === 'north' ? 'training' : 'external' })),
    model: {
      description: 'LASSO logistic regression (glmnet conventions)', trainingSites: ['north'], intercept: model.intercept,
      coefficients: features.map((feature, j) => ({ feature, coefficient: model.coefficients[j] })).filter((c) => c.coefficient !== 0),
      candidateFeatures: features.length, lambda: model.lambda, lambdaRule: model.lambdaRule, alpha: 1, cv,
    },
    validation,
    shap,
    nomogram: nomogramForReport(buildNomogram(model.intercept, features.flatMap((name, j) => {
      if (model.coefficients[j] === 0) return [];
      const x = Array.from(sites.north.columns[name] as Float64Array);
      const lo = Math.floor(Math.min(...x)), hi = Math.ceil(Math.max(...x));
      return [{ type: 'continuous' as const, name, coefficient: model.coefficients[j], ticks: Array.from({ length: hi - lo + 1 }, (_, k) => lo + k) }];
    }))),
    icc: iccOfRetest(sites.north, features),
    harmonization: siteEffect(sites, features),
    notes: ['Fixture: seeded synthetic data; the site effect is shown before and after per-site mean centring (not ComBat).'],
  };
}
