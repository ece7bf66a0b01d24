/**
 * Records the histories of a small study run (the study workflow and one site-stage child) into
 * test/histories/, for the replay test that guards workflow determinism. Rerun after a deliberate
 * workflow change: `npx tsx scripts/record-history.ts`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineStudy, federatedStage, siteStage } from '../core/study.js';
import { startLocalRuntime } from '../cli/local-runtime.js';
import { followRun, startStudy } from '../cli/run-study.js';
import { findTemporalCli } from '../core/temporal/cli-path.js';
import { projectRoot } from '../core/paths.js';
import { smallSyntheticStudy, startTestTemporal, tempDir } from '../test/helpers/temporal.js';

const study = defineStudy({
  id: 'replay',
  sites: ['north', 'south', 'east'],
  stages: [
    siteStage('inventory', 'image.inventory', {}, { shardSize: 4 }),
    federatedStage('zscore', 'harmonize.standardize', { from: 'inventory', features: '^(mask_volume_mm3|image_max)$' }, { after: ['inventory'] }),
    federatedStage('model', 'train.logistic', { from: 'zscore' }, { after: ['zscore'] }),
    federatedStage('validation', 'evaluate.auc', { from: 'zscore', model: 'model' }, { after: ['model'] }),
  ],
});

const temporal = await startTestTemporal();
const { sites } = await smallSyntheticStudy({ cases: 16 });
const runtime = await startLocalRuntime({ address: temporal.address, namespace: temporal.namespace, sites, storeRoot: tempDir('replay') });
const { handle } = await startStudy(temporal.client, study, { runId: 'recorded' });
await followRun(handle);
await runtime.shutdown();
const out = join(projectRoot, 'test', 'histories');
mkdirSync(out, { recursive: true });
for (const [file, id] of [['study-workflow.json', handle.workflowId], ['site-stage-workflow.json', `${handle.workflowId}:inventory@north`]]) {
  const json = execFileSync(findTemporalCli(), ['workflow', 'show', '--workflow-id', id, '--address', temporal.address, '--output', 'json'], { maxBuffer: 64 << 20 });
  writeFileSync(join(out, file), json);
  console.log(`wrote ${join(out, file)} (${json.length} bytes)`);
}
await temporal.stop();
