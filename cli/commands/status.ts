/**
 * `cohortflow status [runId]`: without a run id, the list of runs (from Temporal's visibility
 * store); with one, its table of stage × site. A closed run's status comes from its result.
 */
import type { Command } from 'commander';
import type { Client } from '@temporalio/client';
import { connectClient, targetFromFlags, tlsFromFlags, withConnectionOptions, type ConnectionFlags } from '../temporal-client.js';
import { renderStatus } from '../status-table.js';
import { statusQuery } from '../../workflows/definitions.js';
import type { RunStatus, StudyResult } from '../../core/run-status.js';
import { RunStatusKey, StudyIdKey } from '../../workflows/search-attributes.js';

export async function findRun(client: Client, runId: string): Promise<string | undefined> {
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'studyWorkflow'` })) {
    if (wf.workflowId.endsWith(`:${runId}`)) return wf.workflowId;
  }
  return undefined;
}

export async function runStatus(client: Client, workflowId: string): Promise<RunStatus> {
  const handle = client.workflow.getHandle(workflowId);
  const d = await handle.describe();
  if (d.status.name === 'RUNNING') return handle.query(statusQuery);
  if (d.status.name === 'COMPLETED') return ((await handle.result()) as StudyResult).status;
  // A failed run has no result; its last status is in the recordRun activity's input.
  const history = await handle.fetchHistory();
  const recorded = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordRun').pop();
  const payload = recorded?.activityTaskScheduledEventAttributes?.input?.payloads?.[0];
  if (payload?.data) return (JSON.parse(Buffer.from(payload.data).toString()) as { status: RunStatus }).status;
  throw new Error(`run ${workflowId} is ${d.status.name} and left no status record`);
}

export function register(program: Command): void {
  withConnectionOptions(program
    .command('status [runId]')
    .description('list runs, or show one run\'s stage × site table'))
    .action(async (runId: string | undefined, o: ConnectionFlags) => {
      const client = await connectClient(await targetFromFlags(o, { start: false }), tlsFromFlags(o));
      try {
        if (!runId) {
          const rows: string[][] = [];
          for await (const wf of client.workflow.list({ query: `WorkflowType = 'studyWorkflow'` })) {
            rows.push([wf.workflowId.split(':')[2] ?? wf.workflowId, wf.typedSearchAttributes.get(StudyIdKey) ?? '', wf.typedSearchAttributes.get(RunStatusKey) ?? wf.status.name.toLowerCase(), wf.startTime.toISOString(), wf.closeTime?.toISOString() ?? '']);
          }
          if (!rows.length) { console.log('no runs yet: try `npm run demo`'); return; }
          const header = ['run', 'study', 'status', 'started', 'ended'];
          const w = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
          for (const r of [header, ...rows]) console.log(r.map((c, j) => c.padEnd(w[j])).join('  '));
          return;
        }
        const id = await findRun(client, runId);
        if (!id) { console.error(`no run ${runId}; \`cohortflow status\` lists the runs`); process.exitCode = 1; return; }
        console.log(renderStatus(await runStatus(client, id)));
      } finally {
        await client.connection.close();
      }
    });
}
