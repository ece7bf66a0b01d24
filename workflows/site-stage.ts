/**
 * One site stage at one site: plan (cache lookup), shards of cases as activities on the site's
 * task queue with a concurrency limit, an optional approval gate, then the commit of the stage
 * table. Each shard is one named activity (`rad@north#3`) so the history reads like the study.
 */
import { condition, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SiteActivities } from '../activities/site-activities.js';
import type { SiteStageInput, SiteStageSummary } from '../core/run-status.js';
import { childApproveSignal, childPauseSignal, siteProgressSignal } from './definitions.js';

function siteQueue(input: SiteStageInput): string {
  return input.stage.device === 'cpu' ? `site-${input.site}` : `site-${input.site}-gpu`;
}

function activities(input: SiteStageInput, activityId?: string) {
  return proxyActivities<SiteActivities>({
    taskQueue: siteQueue(input),
    startToCloseTimeout: '12 hours',
    heartbeatTimeout: `${input.settings.heartbeatTimeoutSeconds} seconds`,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
    ...(activityId ? { activityId } : {}),
  });
}

export async function siteStageWorkflow(input: SiteStageInput): Promise<SiteStageSummary> {
  let paused = false;
  let approved = false;
  setHandler(childPauseSignal, (p) => { paused = p; });
  setHandler(childApproveSignal, () => { approved = true; });
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  const { stage, site } = input;
  const startedAt = new Date().toISOString();

  const plan = await activities(input, `${stage.name}@${site}#plan`).planSiteStage(input);
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
      const r = await activities(input, `${stage.name}@${site}#${i}`).runSiteShard({ ...input, caseIds: shards[i], shard: i });
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
  return activities(input, `${stage.name}@${site}#commit`).commitSiteStage({ ...input, caseIds: plan.caseIds, cacheKey: plan.cacheKey, startedAt });
}
