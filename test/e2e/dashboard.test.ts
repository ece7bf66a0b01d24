/**
 * The web dashboard end to end: a real Temporal dev server, every site's worker in this process, a
 * small study, the dashboard on a free port, and the UI in headless Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { defineStudy, federatedStage, siteStage } from '../../core/study.js';
import type { RunStatus } from '../../core/run-status.js';
import { projectRoot } from '../../core/paths.js';
import { startLocalRuntime, type LocalRuntime } from '../../cli/local-runtime.js';
import { followRun, startStudy } from '../../cli/run-study.js';
import { createDashboard, type Dashboard, type RunSummary } from '../../dashboard/server.js';
import { smallSyntheticStudy, startTestTemporal, tempDir, type TestTemporal } from '../helpers/temporal.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[e2e] dashboard test skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

const study = defineStudy({
  id: 'dash',
  sites: ['north', 'south', 'east'],
  stages: [
    // The QC gate holds the run until each site is approved from the page: the run cannot end
    // before the test has watched it, however fast or slow the machine.
    siteStage('inventory', 'image.inventory', {}, { shardSize: 4, approve: true }),
    federatedStage('zscore', 'harmonize.standardize', { from: 'inventory', features: '^(mask_volume_mm3|image_max)$' }, { after: ['inventory'] }),
    // Not at east: its row shows a "does not run here" cell there.
    federatedStage('zscore-train', 'harmonize.standardize', { from: 'inventory', features: '^image_max$' }, { after: ['zscore'], sites: ['north', 'south'] }),
  ],
});

let temporal: TestTemporal;
let runtime: LocalRuntime;
let dashboard: Dashboard;
let url: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];
let finalStatus: RunStatus;

describe.skipIf(!haveChromium)('the web dashboard in headless Chromium', () => {
  beforeAll(async () => {
    temporal = await startTestTemporal();
    const { sites } = await smallSyntheticStudy({ cases: 8, corruptCases: ['south-004'] });
    runtime = await startLocalRuntime({ address: temporal.address, namespace: temporal.namespace, sites, storeRoot: tempDir('dash-store') });
    dashboard = createDashboard({ client: temporal.client });
    url = await dashboard.listen(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith(url)) foreignRequests.push(r.url()); });
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await runtime?.shutdown();
    await temporal?.stop();
  });

  it('follows a run live, pauses, resumes and approves it from the page, and ends with every stage × site in its final state', async () => {
    mkdirSync(join(projectRoot, '.cohortflow'), { recursive: true });
    const { handle, runId } = await startStudy(temporal.client, study, { runId: 'live' });
    const result = followRun(handle);
    await page.goto(`${url}#/runs/${runId}`);
    // The first status the page shows is a running run, pushed by the event stream.
    await page.waitForSelector('section.run[data-state="running"]', { timeout: 20_000 });
    expect(await page.locator('table.grid tbody tr').count()).toBe(study.stages.length);

    await page.getByRole('button', { name: /Pause/ }).click();
    await page.waitForSelector('section.run[data-state="paused"]', { timeout: 20_000 });
    await page.getByRole('button', { name: /Resume/ }).click();
    await page.waitForSelector('section.run[data-state="running"] button[data-action="pause"]', { timeout: 20_000 });

    // Each site finishes its cases and waits for approval; the page shows the gate live.
    for (const site of study.sites) {
      await page.waitForSelector(`td.cell[data-stage="inventory"][data-site="${site}"][data-state="waiting-approval"]`, { timeout: 30_000 });
    }
    await page.screenshot({ path: join(projectRoot, '.cohortflow', 'dashboard-approval.png'), fullPage: true });
    for (const site of study.sites) await page.locator(`td.cell[data-stage="inventory"][data-site="${site}"] button.approve`).click();
    // Only the event stream's `end` sets data-final: the page followed the run to its close.
    await page.waitForSelector('body[data-final]', { timeout: 40_000 });
    finalStatus = (await result).status;
    expect(finalStatus.state).toBe('completed');
    expect(await page.getAttribute('section.run', 'data-state')).toBe('completed');

    const columns = await page.locator('table.grid thead th.site').allTextContents();
    expect(columns).toEqual(study.sites);
    for (const st of finalStatus.stages) {
      expect(await page.getAttribute(`th.stage[data-stage="${st.name}"]`, 'data-state'), st.name).toBe(st.state);
      for (const site of study.sites) {
        const cell = page.locator(`td.cell[data-stage="${st.name}"][data-site="${site}"]`);
        const p = st.sites[site];
        if (!p) {
          expect(await cell.count(), `${st.name}@${site}`).toBe(0);
          continue;
        }
        expect(await cell.getAttribute('data-state'), `${st.name}@${site}`).toBe(p.state);
        if (st.kind === 'site') expect(await cell.locator('.progress-text').textContent()).toBe(`${p.done} / ${p.total}`);
      }
    }
    // The run's facts are on the page: south's corrupt case, the federated round, the not-here cell.
    expect(finalStatus.stages[0].sites.south.quarantined).toBe(1);
    await expect(page.locator('td.cell[data-stage="inventory"][data-site="south"] .quarantined').textContent()).resolves.toContain('1 quarantined');
    const zscore = finalStatus.stages.find((s) => s.name === 'zscore')!;
    await expect(page.locator('th.stage[data-stage="zscore"] .round').textContent()).resolves.toContain(`round ${zscore.round! + 1}`);
    expect(await page.locator('tr[data-stage="zscore-train"] td.cell.na').count()).toBe(1);

    await page.screenshot({ path: join(projectRoot, '.cohortflow', 'dashboard.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('lists the run as completed and opens it from the list', async () => {
    await page.goto(`${url}#/`);
    const row = page.locator('table.runs tr[data-run="live"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('data-state')).toBe('completed');
    await row.getByRole('link', { name: 'live' }).click();
    await page.waitForSelector('section.run[data-run="live"] table.grid');
    await page.waitForSelector('body[data-final]');
    expect(page.url()).toBe(`${url}#/runs/live`);
    await page.goto(`${url}#/`);
    await page.locator('table.runs tr[data-run="live"]').waitFor();
    await page.screenshot({ path: join(projectRoot, '.cohortflow', 'dashboard-runs.png') });
    expect(consoleErrors).toEqual([]);
  });

  it('serves the run status as JSON and as an event stream, answers 404 for an unknown run, and refuses cross-site and read-only actions', async () => {
    const runs = (await (await fetch(`${url}api/runs`)).json()) as RunSummary[];
    expect(runs.map((r) => [r.runId, r.studyId, r.status])).toEqual([['live', 'dash', 'completed']]);
    const status = (await (await fetch(`${url}api/runs/live`)).json()) as RunStatus;
    expect(status).toEqual(finalStatus);
    expect((await fetch(`${url}api/runs/nope`)).status).toBe(404);
    // A form post from another site cannot carry a JSON content type without a preflight.
    expect((await fetch(`${url}api/runs/live/pause`, { method: 'POST', body: 'x=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    expect((await fetch(`${url}api/runs/live/pause`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(`${url}../../etc/passwd`)).status).toBe(404);
    // Two viewers of a closed run each get its status and the end of the stream.
    const streams = await Promise.all([0, 1].map(async () => (await fetch(`${url}api/runs/live/events`)).text()));
    for (const text of streams) {
      expect(JSON.parse(/event: status\ndata: (.*)\n/.exec(text)![1])).toEqual(finalStatus);
      expect(text).toContain('event: end');
    }
    // A read-only dashboard says so, and refuses every action.
    const readOnly = createDashboard({ client: temporal.client, readOnly: true });
    const roUrl = await readOnly.listen(0);
    try {
      expect(await (await fetch(`${roUrl}api/config`)).json()).toMatchObject({ readOnly: true });
      expect((await fetch(`${roUrl}api/runs/live/resume`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).status).toBe(403);
    } finally {
      await readOnly.close();
    }
  });

  it('shows where a failed run broke: the failed site with its error, and the stages it skipped', async () => {
    const strict = defineStudy({ ...study, id: 'dash-fail', stages: [siteStage('inventory', 'image.inventory', {}, { shardSize: 4, onCaseError: 'fail' }), study.stages[1]] });
    const { handle } = await startStudy(temporal.client, strict, { runId: 'strict', noCache: true });
    await handle.result().catch(() => undefined);
    await page.goto(`${url}#/runs/strict`);
    await page.waitForSelector('body[data-final]', { timeout: 20_000 });
    expect(await page.getAttribute('section.run', 'data-state')).toBe('failed');
    const south = page.locator('td.cell[data-stage="inventory"][data-site="south"]');
    expect(await south.getAttribute('data-state')).toBe('failed');
    expect(await south.locator('.cell-error').textContent()).toContain('south-004');
    expect(await page.getAttribute('th.stage[data-stage="zscore"]', 'data-state')).toBe('skipped');
    expect(await page.locator('section.errors li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(projectRoot, '.cohortflow', 'dashboard-failed.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('says so when the run in the address does not exist', async () => {
    const before = consoleErrors.length;
    await page.goto(`${url}#/runs/no-such-run`);
    await expect(page.locator('main .error').textContent()).resolves.toContain('no run no-such-run');
    // The browser logs the 404s of the event stream and the status request, and nothing else.
    expect(consoleErrors.slice(before).every((e) => /404/.test(e)), consoleErrors.slice(before).join('\n')).toBe(true);
  });
});
