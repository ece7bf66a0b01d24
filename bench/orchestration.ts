/**
 * Orchestration overhead: wall time of a study whose stages do nothing (util.noop), against the
 * number of sites and cases, on a real Temporal dev server with every worker in this process.
 * Reports the overhead per case-stage and activities per second.
 *
 *   npx tsx bench/orchestration.ts [--cases 50,200] [--sites 3] [--stages 2] [--shard 25]
 */
import { cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defineStudy, siteStage } from '../core/study.js';
import { startLocalRuntime } from '../cli/local-runtime.js';
import { followRun, startStudy } from '../cli/run-study.js';
import { startTestTemporal, tempDir } from '../test/helpers/temporal.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '50,200' }, sites: { type: 'string', default: '3' }, stages: { type: 'string', default: '2' }, shard: { type: 'string', default: '25' } } });
const siteNames = Array.from({ length: Number(values.sites) }, (_, i) => `site${i + 1}`);
const nStages = Number(values.stages);
const shard = Number(values.shard);

console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, Node ${process.version}`);
const temporal = await startTestTemporal();
try {
  for (const cases of values.cases!.split(',').map(Number)) {
    const dataRoot = tempDir('bench-data');
    const sites: Record<string, string> = {};
    for (const s of siteNames) {
      mkdirSync(join(dataRoot, s), { recursive: true });
      writeFileSync(join(dataRoot, s, 'cases.csv'), 'case_id\n' + Array.from({ length: cases }, (_, i) => `${s}-${i}`).join('\n') + '\n');
      sites[s] = join(dataRoot, s);
    }
    const stages = Array.from({ length: nStages }, (_, k) => siteStage(`s${k}`, 'util.noop', {}, { shardSize: shard, ...(k ? { after: [`s${k - 1}`] } : {}) }));
    const study = defineStudy({ id: 'bench', sites: siteNames, stages, settings: { siteConcurrency: 4 } });
    const runtime = await startLocalRuntime({ address: temporal.address, namespace: temporal.namespace, sites, storeRoot: tempDir('bench-store') });
    // Warm-up: the first run pays for workflow bundling and worker start.
    await followRun((await startStudy(temporal.client, study, { noCache: true })).handle);
    const t0 = performance.now();
    await followRun((await startStudy(temporal.client, study, { noCache: true })).handle);
    const wall = (performance.now() - t0) / 1000;
    await runtime.shutdown();
    const caseStages = siteNames.length * cases * nStages;
    // Per site stage: plan + shards + commit activities.
    const activities = siteNames.length * nStages * (2 + Math.ceil(cases / shard));
    console.log(`${siteNames.length} sites × ${cases} cases × ${nStages} stages: wall ${wall.toFixed(2)} s, ` +
      `${((wall * 1000) / caseStages).toFixed(2)} ms per case-stage, ${(activities / wall).toFixed(1)} activities/s (${activities} activities, shard ${shard})`);
  }
} finally {
  await temporal.stop();
}
