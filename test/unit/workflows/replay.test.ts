/**
 * Workflow determinism: recorded histories of the study workflow and a site-stage child replay
 * against today's workflow code without a server. A change that alters the command sequence of a
 * recorded run fails here (record again with scripts/record-history.ts only for deliberate changes,
 * and version the workflow with patched() when old runs may still be open).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { workflowBundle } from '../../../activities/workers.js';
import { projectRoot } from '../../../core/paths.js';

const load = (file: string) => historyFromJSON(JSON.parse(readFileSync(join(projectRoot, 'test', 'histories', file), 'utf8')));

describe('recorded workflow histories', () => {
  it('replays the study workflow without determinism errors', async () => {
    // The workflow id matters: child workflow ids derive from it.
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, load('study-workflow.json'), 'study:replay:recorded')).resolves.toBeUndefined();
  });

  it('replays a site-stage child workflow without determinism errors', async () => {
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, load('site-stage-workflow.json'), 'study:replay:recorded:inventory@north')).resolves.toBeUndefined();
  });

  it('detects a history that does not fit the code', async () => {
    const history = load('site-stage-workflow.json');
    // Drop the first activity the workflow scheduled: the code will schedule it, the history will not have it.
    const events = history.events!.filter((e) => !e.activityTaskScheduledEventAttributes || e.activityTaskScheduledEventAttributes.activityType?.name !== 'planSiteStage');
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, { ...history, events }, 'study:replay:recorded:inventory@north')).rejects.toThrow();
  });
});
