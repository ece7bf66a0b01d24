/** Starting a study run and following it until it ends, with live status. */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { StudySpec } from '../core/study.js';
import { studyWorkflowId, taskQueues, type RunStatus, type StudyResult } from '../core/run-status.js';
import { statusQuery } from '../workflows/definitions.js';
import { RunStatusKey, StudyIdKey } from '../workflows/search-attributes.js';
import type { studyWorkflow } from '../workflows/study.js';

export function newRunId(studyId: string): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${studyId}-${t}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function startStudy(client: Client, spec: StudySpec, opts: { runId?: string; noCache?: boolean } = {}): Promise<{ handle: WorkflowHandle<typeof studyWorkflow>; runId: string }> {
  const runId = opts.runId ?? newRunId(spec.id);
  const handle = await client.workflow.start<typeof studyWorkflow>('studyWorkflow', {
    taskQueue: taskQueues.coordinator,
    workflowId: studyWorkflowId(spec.id, runId),
    args: [{ spec, runId, noCache: !!opts.noCache }],
    typedSearchAttributes: [{ key: StudyIdKey, value: spec.id }, { key: RunStatusKey, value: 'running' }],
  });
  return { handle, runId };
}

export interface FollowOptions {
  /** Called with each new status snapshot. */
  onStatus?: (s: RunStatus) => void;
  /** @default 500 */
  intervalMs?: number;
}

/** Polls the status query until the workflow closes; returns the result or throws its failure. */
export async function followRun(handle: WorkflowHandle<typeof studyWorkflow>, opts: FollowOptions = {}): Promise<StudyResult> {
  let finished = false;
  const result = handle.result().finally(() => { finished = true; });
  const poll = (async () => {
    while (!finished) {
      try {
        const s = await handle.query(statusQuery);
        if (!finished) opts.onStatus?.(s);
      } catch {
        /* the workflow may not have started its first task yet */
      }
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
    }
  })();
  try {
    return await result;
  } finally {
    await poll;
  }
}
