/**
 * The Hosny 2018 three-centre NSCLC study (studies/hosny2018.study.ts) on a real Temporal dev
 * server, each centre a site: LASSO trained at HarvardRT (λ by 10-fold CV), validated at Maastro and
 * Moffitt, which return metrics only. Must match the glmnet + pROC anchor in refdata/tabular.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import hosny from '../../studies/hosny2018.study.js';
import { writeHosnySites, HOSNY_SITES } from '../../studies/hosny2018-sites.js';
import { startLocalRuntime, coordinatorStore, type LocalRuntime } from '../../cli/local-runtime.js';
import { followRun, startStudy } from '../../cli/run-study.js';
import type { LassoGlobal } from '../../plugins/train/lasso-federated.js';
import type { SiteValidation } from '../../plugins/report/report-data.js';
import { describeWithRefdata, refdataPath } from '../helpers/refdata.js';
import { startTestTemporal, tempDir, type TestTemporal } from '../helpers/temporal.js';

let temporal: TestTemporal;
let runtime: LocalRuntime;
let storeRoot: string;

describeWithRefdata('tabular/hosny2018_multicenter')('the Hosny 2018 study across three centres', () => {
  beforeAll(async () => {
    const dir = tempDir('hosny');
    const counts = writeHosnySites(dir, refdataPath('tabular/hosny2018_multicenter/hosny2018_3sites_all_features.csv.gz'));
    expect(counts).toEqual({ HarvardRT: 293, Maastro: 207, Moffitt: 183 });
    temporal = await startTestTemporal();
    storeRoot = tempDir('hosny-store');
    runtime = await startLocalRuntime({ address: temporal.address, namespace: temporal.namespace, storeRoot, gpu: false, sites: Object.fromEntries(HOSNY_SITES.map((s) => [s, join(dir, s)])) });
  });

  afterAll(async () => {
    await runtime?.shutdown();
    await temporal?.stop();
  });

  it('reproduces the glmnet anchor: λ.min ≈ 0.0635, 6 features, external AUC 0.6607 and 0.5433 with DeLong CIs', { timeout: 400_000 }, async () => {
    const { handle, runId } = await startStudy(temporal.client, hosny, { runId: 'anchor' });
    const result = await followRun(handle);
    expect(result.status.state).toBe('completed');
    const model = result.globals.model as LassoGlobal;
    expect(model.features.length).toBe(984);
    expect(model.lambda).toBeCloseTo(0.0635, 4);
    expect(model.selected.length).toBe(6);
    const validation = (result.globals.validation as { sites: Record<string, SiteValidation> }).sites;
    expect(Object.keys(validation).sort()).toEqual(['Maastro', 'Moffitt']);
    const anchor = { Maastro: [0.6607, 0.579, 0.743], Moffitt: [0.5433, 0.449, 0.638] } as const;
    for (const [name, [auc, lo, hi]] of Object.entries(anchor)) {
      const e = validation[name];
      expect(Math.abs(e.auc - auc)).toBeLessThan(5e-5);
      // The anchor prints CI bounds to 3 decimals.
      expect(Math.abs(e.aucCi[0] - lo)).toBeLessThan(1e-3);
      expect(Math.abs(e.aucCi[1] - hi)).toBeLessThan(1e-3);
    }
    const shap = result.globals.shap as { features: { feature: string }[]; n: number };
    expect(shap.features.map((f) => f.feature).sort()).toEqual([...model.selected].sort());
    const html = readFileSync(join(coordinatorStore(storeRoot), 'hosny2018', runId, 'report', 'report.html'), 'utf8');
    expect(html).toContain(`<td>Maastro</td><td>207 (60)</td><td>${validation.Maastro.auc.toFixed(3)}</td>`);
  });
});
