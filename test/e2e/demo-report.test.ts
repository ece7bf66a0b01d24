/**
 * The demo study (`studies/demo.study.ts`) run end to end on a real Temporal dev server, then its
 * report.html opened in headless Chromium: no console error, no request beyond file://, every
 * plot drawn, the sites and east's external-validation AUC on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import demo from '../../studies/demo.study.js';
import { coordinatorStore, startLocalRuntime, type LocalRuntime } from '../../cli/local-runtime.js';
import { followRun, startStudy } from '../../cli/run-study.js';
import type { ReportData } from '../../plugins/report/report-data.js';
import { reportSpecs } from '../../plugins/report/vega-specs.js';
import { smallSyntheticStudy, startTestTemporal, tempDir, type TestTemporal } from '../helpers/temporal.js';
import { expectPlotsRendered, haveChromium, launchChromium, openReport } from '../helpers/chromium.js';

let temporal: TestTemporal;
let runtime: LocalRuntime;
let storeRoot: string;

describe.skipIf(!haveChromium)('the demo study report in headless Chromium', () => {
  beforeAll(async () => {
    temporal = await startTestTemporal();
    const { sites } = await smallSyntheticStudy({ cases: 20 });
    storeRoot = tempDir('store');
    runtime = await startLocalRuntime({ address: temporal.address, namespace: temporal.namespace, sites, storeRoot, gpu: false });
  });

  afterAll(async () => {
    await runtime?.shutdown();
    await temporal?.stop();
  });

  it('runs the demo study and its report opens with no console errors, no network request, and every plot rendered', { timeout: 90_000 }, async () => {
    const { handle, runId } = await startStudy(temporal.client, demo);
    const result = await followRun(handle);
    expect(result.status.state).toBe('completed');
    for (const st of result.status.stages) expect(st.state, st.name).toBe('done');

    const dir = join(coordinatorStore(storeRoot), 'demo', runId, 'report');
    const file = join(dir, 'report.html');
    expect(existsSync(file)).toBe(true);
    const data = JSON.parse(readFileSync(join(dir, 'report-data.json'), 'utf8')) as ReportData;
    const ids = Object.keys(reportSpecs(data));
    expect(ids.length).toBeGreaterThan(0);
    const validation = (result.globals.validation as { sites: Record<string, { auc: number }> }).sites;
    expect(Object.keys(validation).sort()).toEqual(['east', 'north', 'south']);

    const browser = await launchChromium();
    try {
      const { page, errors, requests, report } = await openReport(browser, file);
      expect(report.errors).toEqual([]);
      expect(report.total).toBe(ids.length);
      expect(report.rendered).toBe(ids.length);
      expect(await page.locator('div.plot').count()).toBe(ids.length);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await expectPlotsRendered(page, ids);
      const text = await page.locator('body').innerText();
      for (const site of demo.sites) expect(text, `page names site ${site}`).toContain(site);
      expect(text, 'page shows east\'s AUC').toContain(validation.east.auc.toFixed(3));
    } finally {
      await browser.close();
    }
  });
});
