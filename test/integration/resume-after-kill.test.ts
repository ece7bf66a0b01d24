/**
 * A site worker killed with SIGKILL in the middle of a site stage, then restarted: the stage
 * completes, cases committed before the kill are not redone, every case is committed exactly once,
 * and the stage table equals an uninterrupted run's bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineStudy, siteStage } from '../../core/study.js';
import { startLocalRuntime, type LocalRuntime } from '../../cli/local-runtime.js';
import { followRun, startStudy } from '../../cli/run-study.js';
import { projectRoot } from '../../core/paths.js';
import { smallSyntheticStudy, startTestTemporal, tempDir, type TestTemporal } from '../helpers/temporal.js';

const study = defineStudy({
  id: 'killtest',
  sites: ['north'],
  stages: [siteStage('inventory', 'image.inventory', {}, { shardSize: 100 })],
  settings: { heartbeatTimeoutSeconds: 2, siteConcurrency: 1 },
});

// A GPU-routed segmentation stage (the lesion U-Net; CPU execution here, on the site-north-gpu queue).
const segStudy = defineStudy({
  id: 'segkill',
  sites: ['north'],
  stages: [siteStage('seg', 'segment.onnx', { model: 'lesion-unet', device: 'gpu-preferred', threads: 1 }, { shardSize: 100 })],
  settings: { heartbeatTimeoutSeconds: 2, siteConcurrency: 1 },
});

let temporal: TestTemporal;
let coordinator: LocalRuntime;
let dataDir: string;
let storeRoot: string;

function startSiteWorker(...extra: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'cli', 'main.ts'), 'worker', '--site', 'north', '--data', dataDir, '--store', storeRoot, '--address', temporal.address, '--concurrency', '1', ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'], cwd: projectRoot,
  });
}

function events(runId: string, studyId = 'killtest', stage = 'inventory'): { type: string; caseId: string; pid: number }[] {
  const file = join(storeRoot, studyId, runId, stage, 'events.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

beforeAll(async () => {
  temporal = await startTestTemporal();
  const data = await smallSyntheticStudy({ cases: 40, sites: ['north'] });
  dataDir = data.sites.north;
  storeRoot = tempDir('killstore');
  // The coordinator (workflows) runs here; the site worker is a separate process we can kill.
  coordinator = await startLocalRuntime({ address: temporal.address, namespace: temporal.namespace, sites: {}, storeRoot: tempDir('coord') });
});

afterAll(async () => {
  await coordinator?.shutdown();
  await temporal?.stop();
});

describe('a site worker killed with SIGKILL mid-stage', () => {
  it('resumes at the next uncommitted case after a restart and produces the same bytes', async () => {
    const { handle } = await startStudy(temporal.client, study, { runId: 'killed', noCache: true });
    let worker = startSiteWorker();
    const deadline = Date.now() + 120_000;
    while (events('killed').filter((e) => e.type === 'case-commit').length < 8) {
      if (Date.now() > deadline) throw new Error('the site worker committed no cases in time');
      await new Promise((r) => setTimeout(r, 20));
    }
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    const before = events('killed');
    const committedBefore = new Set(before.filter((e) => e.type === 'case-commit').map((e) => e.caseId));
    expect(committedBefore.size).toBeLessThan(40);

    worker = startSiteWorker();
    const result = await followRun(handle);
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    expect(result.status.state).toBe('completed');

    const after = events('killed').slice(before.length);
    const startedAfter = after.filter((e) => e.type === 'case-start').map((e) => e.caseId);
    // Nothing committed before the kill was started again; every other case started exactly once.
    expect(startedAfter.filter((id) => committedBefore.has(id))).toEqual([]);
    expect(startedAfter.length).toBe(40 - committedBefore.size);
    expect(new Set(startedAfter).size).toBe(startedAfter.length);
    const commits = events('killed').filter((e) => e.type === 'case-commit').map((e) => e.caseId);
    expect(commits.length).toBe(40);
    expect(new Set(commits).size).toBe(40);

    // The same stage without interruption (another run id, same worker setup) writes the same table.
    const clean = await startStudy(temporal.client, study, { runId: 'clean', noCache: true });
    worker = startSiteWorker();
    await followRun(clean.handle);
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    const a = readFileSync(join(storeRoot, 'killtest', 'killed', 'inventory', 'inventory.parquet'));
    const b = readFileSync(join(storeRoot, 'killtest', 'clean', 'inventory', 'inventory.parquet'));
    expect(a.equals(b)).toBe(true);
  }, 240_000);

  it('resumes a GPU-routed segmentation stage: one committed mask per case, inference only for uncommitted cases, same masks', async () => {
    const { handle } = await startStudy(temporal.client, segStudy, { runId: 'seg-killed', noCache: true });
    let worker = startSiteWorker('--gpu');
    const commitsOf = (run: string) => events(run, 'segkill', 'seg').filter((e) => e.type === 'case-commit');
    const deadline = Date.now() + 150_000;
    while (commitsOf('seg-killed').length < 4) {
      if (Date.now() > deadline) throw new Error('the GPU worker committed no masks in time');
      await new Promise((r) => setTimeout(r, 20));
    }
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    const before = events('seg-killed', 'segkill', 'seg');
    const committedBefore = new Set(before.filter((e) => e.type === 'case-commit').map((e) => e.caseId));
    expect(committedBefore.size).toBeLessThan(40);

    worker = startSiteWorker('--gpu');
    const result = await followRun(handle);
    expect(result.status.state).toBe('completed');
    const inferencesAfter = events('seg-killed', 'segkill', 'seg').slice(before.length).filter((e) => e.type === 'case-start').map((e) => e.caseId);
    expect(inferencesAfter.length).toBe(40 - committedBefore.size);
    expect(inferencesAfter.filter((id) => committedBefore.has(id))).toEqual([]);
    const commits = commitsOf('seg-killed').map((e) => e.caseId);
    expect(new Set(commits).size).toBe(40);
    expect(commits.length).toBe(40);

    const clean = await startStudy(temporal.client, segStudy, { runId: 'seg-clean', noCache: true });
    await followRun(clean.handle);
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    const masks = (run: string) => readdirSync(join(storeRoot, 'segkill', run, 'seg', 'cases')).filter((f) => f.endsWith('.mask.nii.gz')).sort();
    expect(masks('seg-killed').length).toBe(40);
    expect(masks('seg-killed')).toEqual(masks('seg-clean'));
    for (const m of masks('seg-killed')) {
      const a = readFileSync(join(storeRoot, 'segkill', 'seg-killed', 'seg', 'cases', m));
      const b = readFileSync(join(storeRoot, 'segkill', 'seg-clean', 'seg', 'cases', m));
      expect(a.equals(b), m).toBe(true);
    }
    expect(existsSync(join(storeRoot, 'segkill', 'seg-killed', 'seg', 'qc.parquet'))).toBe(true);
  }, 300_000);

  it('runs a gpu-preferred stage on the CPU queue when no GPU worker takes it in time', async () => {
    const preferred = defineStudy({
      id: 'gpufallback', sites: ['north'],
      stages: [siteStage('inventory', 'image.inventory', {}, { device: 'gpu-preferred', shardSize: 100 })],
      settings: { gpuWaitSeconds: 3, siteConcurrency: 1 },
    });
    const { handle } = await startStudy(temporal.client, preferred, { runId: 'fallback', noCache: true });
    const worker = startSiteWorker(); // no --gpu: nothing polls site-north-gpu
    const result = await followRun(handle);
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    expect(result.status.state).toBe('completed');
    expect(readFileSync(join(storeRoot, 'gpufallback', 'fallback', 'inventory', 'events.jsonl'), 'utf8').split('\n').filter((l) => l.includes('case-commit')).length).toBe(40);
  }, 120_000);
});
