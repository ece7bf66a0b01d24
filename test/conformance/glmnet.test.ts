import { expect, it } from 'vitest';
import { describeWithRefdata, refdataPath } from '../helpers/refdata.js';
import { numericColumn, type Table } from '../../core/tables/table.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { RunStatus } from '../../core/run-status.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { tableFromRows } from '../../core/tables/table.js';
import { readCases, readCasesTable } from '../../core/site-data.js';
import { stageSites } from '../../core/study.js';
import type { SiteTableContext } from '../../core/plugin.js';
import { builtinPlugins } from '../../plugins/index.js';
import type { LassoGlobal } from '../../plugins/train/lasso-federated.js';
import type { SiteValidation } from '../../plugins/report/report-data.js';
import hosny from '../../studies/hosny2018.study.js';
import { writeHosnySites } from '../../studies/hosny2018-sites.js';
import { readCsvTable } from '../../plugins/train/csv-table.js';
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

describeWithRefdata('tabular/hosny2018_multicenter')('Hosny 2018 study: LASSO trained at HarvardRT, externally validated at Maastro and Moffitt', () => {
  it('runs studies/hosny2018.study.ts stage by stage and reproduces the glmnet anchor: λ.min ≈ 0.0635, 6 features, AUC 0.6607 and 0.5433 with DeLong CIs', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hosny-'));
    const counts = writeHosnySites(dir, refdataPath('tabular/hosny2018_multicenter/hosny2018_3sites_all_features.csv.gz'));
    expect(counts).toEqual({ HarvardRT: 293, Maastro: 207, Moffitt: 183 });
    // A minimal in-process interpreter of the study's DAG (the Temporal workflow does the same with activities).
    const log = pino({ level: 'silent' });
    const stageTables: Record<string, Record<string, Table>> = {};
    const globals: Record<string, unknown> = {};
    const casesTables: Record<string, Table> = {};
    const ctxFor = (site: string, stage: string): SiteTableContext => ({
      site, stage, log, signal: new AbortController().signal,
      cases: (casesTables[site] ??= readCasesTable(site, join(dir, site))),
      table: async (s) => stageTables[s][site],
      global: (s) => globals[s],
    });
    for (const stage of hosny.stages) {
      const plugin = builtinPlugins.find((p) => p.id === stage.type)!;
      const params = plugin.params.parse(stage.params);
      const sites = stageSites(hosny, stage);
      if (plugin.kind === 'site') {
        stageTables[stage.name] = {};
        for (const site of sites) {
          const rows = [];
          for (const c of readCases(site, join(dir, site))) {
            const r = await plugin.processCase({ site, stage: stage.name, case: c, log, signal: new AbortController().signal } as never, params);
            rows.push({ case_id: c.caseId, ...r.row });
          }
          stageTables[stage.name][site] = tableFromRows(rows);
        }
      } else if (plugin.kind === 'central') {
        // The run status the workflow would report: every earlier stage done at its sites.
        const now = new Date().toISOString();
        const status: RunStatus = {
          studyId: hosny.id, runId: 'test', state: 'running', paused: false, startedAt: now,
          stages: hosny.stages.map((st) => ({
            name: st.name, kind: st.kind, type: st.type, state: st.name === stage.name ? 'running' : 'done',
            sites: st.kind === 'central' ? {} : Object.fromEntries(stageSites(hosny, st).map((site) => [site, { state: 'done' as const, done: 1, total: 1, quarantined: 0, attempts: 1, startedAt: now, endedAt: now }])),
          })),
        };
        const summaries = (s: string) => Object.fromEntries(Object.entries(stageTables[s] ?? {}).map(([site, t]) => [site, { cases: t.columns.case_id.length }]));
        globals[stage.name] = await plugin.run({ stage: stage.name, outputDir: join(dir, 'report'), status, log, global: (s) => globals[s], siteSummaries: summaries }, params);
      } else if (plugin.kind === 'federated') {
        let global: unknown = null;
        for (let round = 0; round < stage.maxRounds; round++) {
          const partials = [];
          for (const site of sites) partials.push({ site, partial: await plugin.local(ctxFor(site, stage.name), params, global, round) });
          const r = plugin.aggregate(partials, params, global, round);
          global = r.global;
          if (r.done) break;
        }
        globals[stage.name] = global;
      }
    }
    const model = globals.model as LassoGlobal;
    expect(model.features.length).toBe(984);
    expect(model.lambda).toBeCloseTo(0.0635, 4);
    expect(model.selected.length).toBe(6);
    const validation = (globals.validation as { sites: Record<string, SiteValidation> }).sites;
    const html = readFileSync(join(dir, 'report', 'report.html'), 'utf8');
    expect(html).toContain(`<td>Maastro</td><td>207 (60)</td><td>${validation.Maastro.auc.toFixed(3)}</td>`);
    const shap = globals.shap as { features: { feature: string }[]; n: number };
    expect(shap.n).toBe(683);
    expect(shap.features.map((f) => f.feature).sort()).toEqual([...model.selected].sort());
    const anchor = { Maastro: [0.6607, 0.579, 0.743], Moffitt: [0.5433, 0.449, 0.638] } as const;
    for (const [name, [auc, lo, hi]] of Object.entries(anchor)) {
      const e = validation[name];
      expect(Math.abs(e.auc - auc)).toBeLessThan(5e-5);
      // The anchor prints CI bounds to 3 decimals.
      expect(Math.abs(e.aucCi[0] - lo)).toBeLessThan(1e-3);
      expect(Math.abs(e.aucCi[1] - hi)).toBeLessThan(1e-3);
    }
  });
});
