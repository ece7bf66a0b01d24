/**
 * The study workflow: a DAG interpreter. Ready stages start in parallel; a site stage is a child
 * workflow per site; a federated stage runs rounds of site partials and coordinator aggregation;
 * a central stage runs at the coordinator. Deterministic: imports only @temporalio/workflow and
 * pure types.
 */
import {
  ApplicationFailure, CancellationScope, condition, executeChild, getExternalWorkflowHandle, isCancellation,
  proxyActivities, setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { CoordinatorActivities } from '../activities/coordinator-activities.js';
import type { SiteActivities } from '../activities/site-activities.js';
import type { RunStatus, SiteProgress, StageStatus, StudyResult, StudyWorkflowInput } from '../core/run-status.js';
import type { StageSpec } from '../core/study.js';
import {
  approveSignal, cancelStageSignal, childApproveSignal, childPauseSignal, pauseSignal, resumeSignal, siteProgressSignal, statusQuery,
} from './definitions.js';
import { RunStatusKey, StudyIdKey } from './search-attributes.js';
import { siteStageWorkflow } from './site-stage.js';

const coordinator = proxyActivities<CoordinatorActivities>({
  taskQueue: 'cohortflow-coordinator',
  startToCloseTimeout: '2 hours',
  retry: { maximumAttempts: 5 },
});

/**
 * Federated steps at a site. No heartbeat timeout: a local step can be one long synchronous
 * computation (e.g. LASSO cross-validation) that cannot heartbeat; it is bounded by its
 * start-to-close timeout instead.
 */
function siteActivities(site: string, stage: StageSpec) {
  return proxyActivities<SiteActivities>({
    taskQueue: `site-${site}`,
    startToCloseTimeout: '1 hour',
    retry: { maximumAttempts: 5 },
    activityId: `${stage.name}@${site}`,
  });
}

const sitesOf = (input: StudyWorkflowInput, s: StageSpec) => s.sites ?? input.spec.sites;
const now = () => new Date().toISOString();

export async function studyWorkflow(input: StudyWorkflowInput): Promise<StudyResult> {
  const { spec, runId } = input;
  const workflowId = workflowInfo().workflowId;
  const status: RunStatus = {
    studyId: spec.id, runId, state: 'running', paused: false, startedAt: now(),
    stages: spec.stages.map((s) => ({
      name: s.name, kind: s.kind, type: s.type, after: s.after, state: 'pending',
      sites: Object.fromEntries((s.kind === 'central' ? [] : sitesOf(input, s)).map((site) => [site, { state: 'pending', done: 0, total: 0, quarantined: 0, attempts: 0 } as SiteProgress])),
    })),
  };
  const stageStatus = (name: string) => status.stages.find((s) => s.name === name)!;
  const globals: Record<string, unknown> = {};
  const siteSummaries: Record<string, Record<string, unknown>> = {};
  const scopes = new Map<string, CancellationScope>();
  const runningChildren = new Map<string, string>(); // `${stage}@${site}` → child workflow id
  let version = 0; // bumped on every event the scheduler must react to

  const childId = (stage: string, site: string) => `${workflowId}:${stage}@${site}`;
  const setRunStatus = (state: RunStatus['state']) => {
    status.state = state;
    upsertSearchAttributes([{ key: RunStatusKey, value: state }]);
  };
  upsertSearchAttributes([{ key: StudyIdKey, value: spec.id }]);
  setRunStatus('running');

  setHandler(statusQuery, () => status);
  const signalChildren = async (paused: boolean) => {
    await Promise.all([...runningChildren.values()].map((id) => getExternalWorkflowHandle(id).signal(childPauseSignal, paused).catch(() => undefined)));
  };
  setHandler(pauseSignal, async () => {
    status.paused = true;
    setRunStatus('paused');
    await signalChildren(true);
  });
  setHandler(resumeSignal, async () => {
    status.paused = false;
    setRunStatus('running');
    version++;
    await signalChildren(false);
  });
  setHandler(cancelStageSignal, (name) => {
    const st = status.stages.find((s) => s.name === name);
    if (!st) return;
    if (st.state === 'pending') { st.state = 'cancelled'; version++; }
    scopes.get(name)?.cancel();
  });
  setHandler(approveSignal, async ({ stage, site }) => {
    const id = runningChildren.get(`${stage}@${site}`);
    if (id) await getExternalWorkflowHandle(id).signal(childApproveSignal);
  });
  setHandler(siteProgressSignal, (p) => {
    const sp = stageStatus(p.stage).sites[p.site];
    if (!sp) return;
    Object.assign(sp, { done: p.done, total: p.total, quarantined: p.quarantined, attempts: p.attempts });
    if (p.state) sp.state = p.state as SiteProgress['state'];
  });

  async function runSiteStage(s: StageSpec, st: StageStatus): Promise<void> {
    siteSummaries[s.name] = {};
    const results = await Promise.allSettled(sitesOf(input, s).map(async (site) => {
      const sp = st.sites[site];
      Object.assign(sp, { state: 'running', startedAt: now() });
      const id = childId(s.name, site);
      runningChildren.set(`${s.name}@${site}`, id);
      try {
        const summary = await executeChild(siteStageWorkflow, {
          workflowId: id,
          args: [{ studyId: spec.id, runId, stage: s, site, noCache: !!input.noCache, settings: spec.settings, parentWorkflowId: workflowId }],
        });
        siteSummaries[s.name][site] = summary;
        Object.assign(sp, { state: summary.cached ? 'cached' : 'done', endedAt: now(), done: summary.cases, total: summary.cases, quarantined: summary.quarantined });
      } catch (e) {
        Object.assign(sp, { state: isCancellation(e) ? 'cancelled' : 'failed', endedAt: now(), lastError: errorMessage(e) });
        throw e;
      } finally {
        runningChildren.delete(`${s.name}@${site}`);
      }
    }));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  async function runFederatedStage(s: StageSpec, st: StageStatus): Promise<void> {
    const sites = sitesOf(input, s);
    let global: unknown = null;
    for (let round = 0; ; round++) {
      await condition(() => !status.paused);
      st.round = round;
      for (const site of sites) Object.assign(st.sites[site], { state: 'running', startedAt: st.sites[site].startedAt ?? now() });
      const partials = await Promise.all(sites.map(async (site) => {
        const partial = await siteActivities(site, s).federatedLocal({
          studyId: spec.id, runId, stage: s, round, global, upstreamGlobals: globals, minCount: spec.settings.minCount,
        });
        Object.assign(st.sites[site], { done: partial.count, total: partial.count, attempts: Math.max(1, st.sites[site].attempts) });
        return { site, partial };
      }));
      const next = await coordinator.federatedAggregate({ studyId: spec.id, runId, stage: s, round, partials, previous: global });
      global = next.global;
      if (next.done) break;
      if (round + 1 >= s.maxRounds) {
        throw ApplicationFailure.nonRetryable(`stage ${s.name} did not converge in ${s.maxRounds} rounds`, 'NotConvergedError');
      }
    }
    globals[s.name] = global;
    siteSummaries[s.name] = {};
    await Promise.all(sites.map(async (site) => {
      const applied = await siteActivities(site, s).federatedApply({
        studyId: spec.id, runId, stage: s, round: st.round ?? 0, global, upstreamGlobals: globals, minCount: spec.settings.minCount,
      });
      if (applied) siteSummaries[s.name][site] = applied;
      Object.assign(st.sites[site], { state: 'done', endedAt: now() });
    }));
  }

  async function runCentralStage(s: StageSpec): Promise<void> {
    globals[s.name] = await coordinator.runCentralStage({ studyId: spec.id, runId, stage: s, globals, siteSummaries, status });
  }

  async function runStage(s: StageSpec): Promise<void> {
    const st = stageStatus(s.name);
    Object.assign(st, { state: 'running', startedAt: now() });
    const scope = new CancellationScope();
    scopes.set(s.name, scope);
    try {
      await scope.run(async () => {
        if (s.kind === 'site') await runSiteStage(s, st);
        else if (s.kind === 'federated') await runFederatedStage(s, st);
        else await runCentralStage(s);
      });
      st.state = 'done';
    } catch (e) {
      st.state = isCancellation(e) ? 'cancelled' : 'failed';
      st.error = errorMessage(e);
    } finally {
      st.endedAt = now();
      scopes.delete(s.name);
      version++;
    }
  }

  const running = new Set<string>();
  const depsDone = (s: StageSpec) => s.after.every((d) => stageStatus(d).state === 'done');
  const blocked = (s: StageSpec) => s.after.some((d) => ['failed', 'cancelled', 'skipped'].includes(stageStatus(d).state));
  for (;;) {
    for (const s of spec.stages) {
      const st = stageStatus(s.name);
      if (st.state === 'pending' && blocked(s)) { st.state = 'skipped'; st.error = 'an upstream stage did not complete'; }
    }
    const ready = spec.stages.filter((s) => stageStatus(s.name).state === 'pending' && depsDone(s));
    if (!status.paused) {
      for (const s of ready) {
        running.add(s.name);
        void runStage(s).finally(() => running.delete(s.name));
      }
    }
    // Nothing running and nothing that could start: the run is over. (Startable but paused: wait.)
    if (running.size === 0 && !spec.stages.some((s) => stageStatus(s.name).state === 'pending' && depsDone(s))) break;
    const seen = version;
    await condition(() => version !== seen);
  }

  const failed = status.stages.filter((s) => s.state === 'failed');
  const cancelled = status.stages.some((s) => s.state === 'cancelled');
  status.endedAt = now();
  setRunStatus(failed.length ? 'failed' : cancelled ? 'cancelled' : 'completed');
  await coordinator.recordRun({ status, globals });
  if (failed.length) {
    throw ApplicationFailure.nonRetryable(`study ${spec.id} run ${runId}: ${failed.map((s) => `stage ${s.name} failed: ${s.error}`).join('; ')}`, 'StageFailedError');
  }
  return { status, globals };
}

function errorMessage(e: unknown): string {
  let err = e as { message?: string; cause?: unknown } | undefined;
  // Child and activity failures wrap the real error; the innermost message is the useful one.
  while (err?.cause) err = err.cause as typeof err;
  return err?.message ?? String(e);
}
