/**
 * One site stage at one site: plan (cache lookup), shards of cases as activities on the site's
 * task queue with a concurrency limit, an optional approval gate, then the commit of the stage
 * table. Each shard is one named activity (`rad@north#3`) so the history reads like the study.
 * GPU stages send their shards to `site-<id>-gpu`; `gpu-preferred` falls back to the CPU queue
 * when no GPU worker picks a shard up in time.
 */
import { ActivityFailure, TimeoutFailure, condition, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SiteActivities } from '../activities/site-activities.js';
import type { SiteStageInput, SiteStageSummary } from '../core/run-status.js';
import { childApproveSignal, childPauseSignal, siteProgressSignal } from './definitions.js';

function activities(input: SiteStageInput, taskQueue: string, activityId: string, scheduleToStartTimeout?: string) {
  return proxyActivities<SiteActivities>({
    taskQueue,
    startToCloseTimeout: '12 hours',
    heartbeatTimeout: `${input.settings.heartbeatTimeoutSeconds} seconds`,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
    activityId,
    ...(scheduleToStartTimeout ? { scheduleToStartTimeout } : {}),
  });
}

const isScheduleToStartTimeout = (e: unknown) =>
  e instanceof ActivityFailure && e.cause instanceof TimeoutFailure && e.cause.timeoutType === 'SCHEDULE_TO_START';

export async function siteStageWorkflow(input: SiteStageInput): Promise<SiteStageSummary> {
  let paused = false;
  let approved = false;
  setHandler(childPauseSignal, (p) => { paused = p; });
  setHandler(childApproveSignal, () => { approved = true; });
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  const { stage, site } = input;
  const startedAt = new Date().toISOString();

  const cpuQueue = `site-${site}`;
  const gpuQueue = `site-${site}-gpu`;
  // Planning and committing are cheap file work: always on the CPU queue.
  const plan = await activities(input, cpuQueue, `${stage.name}@${site}#plan`).planSiteStage(input);
  if (plan.cached && plan.summary) {
    await parent.signal(siteProgressSignal, { stage: stage.name, site, done: plan.caseIds.length, total: plan.caseIds.length, quarantined: plan.summary.quarantined, attempts: 1, state: 'cached' });
    return plan.summary;
  }

  const shards: string[][] = [];
  for (let i = 0; i < plan.caseIds.length; i += stage.shardSize) shards.push(plan.caseIds.slice(i, i + stage.shardSize));
  let done = 0;
  let quarantined = 0;
  let attempts = 1;
  let next = 0;
  const runShards = async () => {
    for (;;) {
      await condition(() => !paused);
      // Claim the shard only after the wait: another runner may have taken the last one meanwhile.
      if (next >= shards.length) return;
      const i = next++;
      const shardInput = { ...input, caseIds: shards[i], shard: i };
      const id = `${stage.name}@${site}#${i}`;
      let r;
      if (stage.device === 'cpu') r = await activities(input, cpuQueue, id).runSiteShard(shardInput);
      else if (stage.device === 'gpu') r = await activities(input, gpuQueue, id).runSiteShard(shardInput);
      else {
        try {
          // Histories recorded before gpuWaitSeconds existed replay with the old two minutes.
          r = await activities(input, gpuQueue, id, `${input.settings.gpuWaitSeconds ?? 120} seconds`).runSiteShard(shardInput);
        } catch (e) {
          if (!isScheduleToStartTimeout(e)) throw e;
          r = await activities(input, cpuQueue, `${id}-cpu`).runSiteShard(shardInput);
        }
      }
      done += shards[i].length;
      quarantined += r.quarantined;
      attempts = Math.max(attempts, r.attempt);
      await parent.signal(siteProgressSignal, { stage: stage.name, site, done, total: plan.caseIds.length, quarantined, attempts });
    }
  };
  await Promise.all(Array.from({ length: Math.min(input.settings.siteConcurrency, shards.length) }, runShards));

  if (stage.approve) {
    await parent.signal(siteProgressSignal, { stage: stage.name, site, done, total: plan.caseIds.length, quarantined, attempts, state: 'waiting-approval' });
    await condition(() => approved);
  }
  return activities(input, cpuQueue, `${stage.name}@${site}#commit`).commitSiteStage({ ...input, caseIds: plan.caseIds, cacheKey: plan.cacheKey, startedAt });
}
