/**
 * A whole study on a real Temporal dev server: site stages as child workflows, federated rounds,
 * Parquet artifacts per site and stage, the cross-run cache, pause/resume and quarantine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import parquetjs from '@dsnp/parquetjs';
import { defineStudy, federatedStage, siteStage } from '../../core/study.js';
import { startLocalRuntime, siteStore, type LocalRuntime } from '../../cli/local-runtime.js';
import { followRun, startStudy } from '../../cli/run-study.js';
import { findRun, runStatus } from '../../cli/commands/status.js';
import { approveSignal, cancelStageSignal, pauseSignal, resumeSignal, statusQuery } from '../../workflows/definitions.js';
import { readParquet } from '../../core/tables/parquet.js';
import { readCasesTable } from '../../core/site-data.js';
import { joinOnCaseId } from '../../core/tables/join.js';
import { numericColumn, rowCount } from '../../core/tables/table.js';
import { fitLogistic, type LogisticModel } from '../../plugins/train/logistic-newton.js';
import { smallSyntheticStudy, startTestTemporal, tempDir, type TestTemporal } from '../helpers/temporal.js';

const study = defineStudy({
  id: 'itest',
  sites: ['north', 'south', 'east'],
  stages: [
    siteStage('inventory', 'image.inventory', {}, { shardSize: 5 }),
    federatedStage('zscore', 'harmonize.standardize', { from: 'inventory', features: '^(mask_volume_mm3|image_max)$' }, { after: ['inventory'] }),
    federatedStage('model', 'train.logistic', { from: 'zscore', label: 'outcome' }, { after: ['zscore'] }),
    federatedStage('validation', 'evaluate.auc', { from: 'zscore', model: 'model' }, { after: ['model'] }),
  ],
});

let temporal: TestTemporal;
let runtime: LocalRuntime;
let storeRoot: string;
let sites: Record<string, string>;

beforeAll(async () => {
  temporal = await startTestTemporal();
  ({ sites } = await smallSyntheticStudy({ cases: 12, corruptCases: ['south-004'] }));
  storeRoot = tempDir('store');
  runtime = await startLocalRuntime({ address: temporal.address, namespace: temporal.namespace, sites, storeRoot });
});

afterAll(async () => {
  await runtime?.shutdown();
  await temporal?.stop();
});

describe('a study run on the Temporal dev server', () => {
  let firstRunId: string;

  it('completes every stage at every site and leaves a readable Parquet table per site and stage', async () => {
    const { handle, runId } = await startStudy(temporal.client, study, { runId: 'first' });
    firstRunId = runId;
    const result = await followRun(handle);
    expect(result.status.state).toBe('completed');
    for (const st of result.status.stages) expect(st.state, st.name).toBe('done');
    for (const site of study.sites) {
      for (const stage of ['inventory', 'zscore']) {
        const file = join(siteStore(storeRoot, site), 'itest', runId, stage, `${stage}.parquet`);
        // An independent reader (parquetjs) opens what parquet-wasm wrote.
        const reader = await parquetjs.ParquetReader.openFile(file);
        expect(Number(reader.getRowCount())).toBe(site === 'south' ? 11 : 12);
        await reader.close();
      }
      const manifest = JSON.parse(readFileSync(join(siteStore(storeRoot, site), 'itest', runId, 'inventory', 'manifest.json'), 'utf8'));
      expect(manifest.plugin.id).toBe('image.inventory');
      expect(manifest.outputs.table.sha256).toMatch(/^[0-9a-f]{64}$/);
      // Every payload that left the site is in its egress log.
      expect(readFileSync(join(siteStore(storeRoot, site), 'itest', runId, 'model', 'egress.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThan(1);
    }
    const auc = (result.globals.validation as { sites: Record<string, { auc: number }> }).sites;
    expect(Object.keys(auc).sort()).toEqual(['east', 'north', 'south']);
  });

  it('fits the same logistic model as a fit on the pooled rows, to 1e-8', async () => {
    const handle = temporal.client.workflow.getHandle(`study:itest:${firstRunId}`);
    const model = (await handle.result()).globals.model as LogisticModel;
    const rows = study.sites.map((site) => joinOnCaseId(readParquet(join(siteStore(storeRoot, site), 'itest', firstRunId, 'zscore', 'zscore.parquet')), readCasesTable(site, sites[site])));
    const n = rows.reduce((a, t) => a + rowCount(t), 0);
    const p = model.features.length + 1;
    const x = new Float64Array(n * p), y = new Float64Array(n);
    let i = 0;
    for (const t of rows) {
      for (let r = 0; r < rowCount(t); r++, i++) {
        x[i * p] = 1;
        model.features.forEach((f, j) => { x[i * p + j + 1] = numericColumn(t, f)[r]; });
        y[i] = numericColumn(t, 'outcome')[r];
      }
    }
    const pooled = fitLogistic({ x, y, n, p });
    pooled.beta.forEach((b, j) => expect(Math.abs(b - model.beta[j])).toBeLessThan(1e-8));
  });

  it('quarantines a corrupt case with a reason that names the file, and goes on', async () => {
    const dir = join(siteStore(storeRoot, 'south'), 'itest', firstRunId, 'inventory');
    const q = readParquet(join(dir, 'quarantine.parquet'));
    expect(q.columns.case_id).toEqual(['south-004']);
    expect(String(q.columns.reason[0])).toMatch(/south-004/);
    expect(String(q.columns.file[0])).toMatch(/south-004/);
    expect(q.columns.error_type[0]).toBe('InvalidInputError');
  });

  it('serves a second run of the same study from the cache', async () => {
    const { handle, runId } = await startStudy(temporal.client, study, { runId: 'second' });
    const result = await followRun(handle);
    const inventory = result.status.stages.find((s) => s.name === 'inventory')!;
    for (const site of study.sites) expect(inventory.sites[site].state).toBe('cached');
    const events = readFileSync(join(siteStore(storeRoot, 'north'), 'itest', runId, 'inventory', 'events.jsonl'), 'utf8');
    expect(events).toContain('cache-hit');
    expect(events).not.toContain('case-start');
    const a = readFileSync(join(siteStore(storeRoot, 'north'), 'itest', firstRunId, 'inventory', 'inventory.parquet'));
    const b = readFileSync(join(siteStore(storeRoot, 'north'), 'itest', runId, 'inventory', 'inventory.parquet'));
    expect(b.equals(a)).toBe(true);
  });

  it('recomputes with noCache', async () => {
    const { handle, runId } = await startStudy(temporal.client, study, { runId: 'nocache', noCache: true });
    const result = await followRun(handle);
    expect(result.status.stages[0].sites.north.state).toBe('done');
    expect(existsSync(join(siteStore(storeRoot, 'north'), 'itest', runId, 'inventory', 'cases', 'north-001.json'))).toBe(true);
  });

  it('lists the runs and shows a finished run\'s status from Temporal', async () => {
    const id = await findRun(temporal.client, firstRunId);
    expect(id).toBe(`study:itest:${firstRunId}`);
    const s = await runStatus(temporal.client, id!);
    expect(s.state).toBe('completed');
  });

  it('pauses before starting new work and resumes to completion', async () => {
    const { handle } = await startStudy(temporal.client, study, { runId: 'paused', noCache: true });
    await handle.signal(pauseSignal);
    await new Promise((r) => setTimeout(r, 1500));
    const paused = await handle.query(statusQuery);
    expect(paused.paused).toBe(true);
    expect(paused.state).toBe('paused');
    // While paused no stage downstream of the first has started.
    expect(paused.stages.filter((s) => s.state !== 'pending').map((s) => s.name).every((n) => n === 'inventory')).toBe(true);
    await handle.signal(resumeSignal);
    const result = await followRun(handle);
    expect(result.status.state).toBe('completed');
  });

  it('holds a stage with approve: true until each site approves it', async () => {
    const gated = defineStudy({ ...study, id: 'gated', stages: [siteStage('inventory', 'image.inventory', {}, { approve: true, shardSize: 12 })] });
    const { handle } = await startStudy(temporal.client, gated, { runId: 'gated', noCache: true });
    const waiting = async () => {
      for (let i = 0; i < 120; i++) {
        const s = await handle.query(statusQuery);
        if (Object.values(s.stages[0].sites).every((p) => p.state === 'waiting-approval')) return s;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('the sites never reached waiting-approval');
    };
    expect((await waiting()).stages[0].state).toBe('running');
    for (const site of gated.sites) await handle.signal(approveSignal, { stage: 'inventory', site });
    const result = await followRun(handle);
    expect(result.status.stages[0].state).toBe('done');
  });

  it('cancels one stage on request and skips what depends on it', async () => {
    const { handle } = await startStudy(temporal.client, study, { runId: 'cancelled', noCache: true });
    await handle.signal(cancelStageSignal, 'zscore');
    await expect(followRun(handle)).resolves.toBeDefined();
    const s = (await handle.result()).status;
    expect(s.stages.find((x) => x.name === 'zscore')!.state).toBe('cancelled');
    expect(s.stages.find((x) => x.name === 'model')!.state).toBe('skipped');
    expect(s.state).toBe('cancelled');
  });
});
