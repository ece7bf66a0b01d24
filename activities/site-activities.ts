/**
 * Activities that run at a site, on its task queue: thin adapters that run a plugin over the
 * site's cases with per-case checkpoints, heartbeats, atomic commits, the cross-run cache, the
 * privacy guard and the egress log. Nothing row-level is returned: only references and counts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CancelledFailure, Context } from '@temporalio/activity';
import type { CaseContext, Partial, SiteTableContext } from '../core/plugin.js';
import type { FederatedLocalInput, ShardResult, SiteStageInput, SiteStageSummary } from '../core/run-status.js';
import { CohortflowError, InvalidInputError } from '../core/errors.js';
import { readCases, readCasesTable } from '../core/site-data.js';
import { StageDir, stageDirPath } from '../core/artifacts/stage-dir.js';
import { readManifest, writeManifest, writeStageOutputs, type ArtifactRef, type StageManifest } from '../core/artifacts/stage-table.js';
import { cacheKey, linkTree, lookupCache, recordCache } from '../core/artifacts/cache.js';
import { logEgress } from '../core/artifacts/egress-log.js';
import { sha256 } from '../core/artifacts/hash.js';
import { readParquet, writeParquet } from '../core/tables/parquet.js';
import { rowCount } from '../core/tables/table.js';
import { checkPartial } from '../core/federated/privacy-guard.js';
import { log } from '../core/log.js';
import { getPlugin } from './plugin-registry.js';
import { datasetHash } from './dataset-hash.js';
import { toFailure, withFailures } from './failures.js';

export interface SiteConfig {
  site: string;
  /** The site's data folder (cases.csv and images). */
  dataDir: string;
  /** Where this site's artifacts go. */
  storeRoot: string;
}

export interface SitePlan {
  cached: boolean;
  caseIds: string[];
  cacheKey: string;
  summary?: SiteStageSummary;
}

export function createSiteActivities(cfg: SiteConfig) {
  const { site } = cfg;
  const dirOf = (studyId: string, runId: string, stage: string) => stageDirPath(cfg.storeRoot, studyId, runId, stage);

  function upstreamHashes(input: SiteStageInput): Record<string, string> {
    const out: Record<string, string> = {};
    for (const dep of input.stage.after) {
      const m = readManifest(dirOf(input.studyId, input.runId, dep));
      if (m) out[dep] = m.outputs.table.sha256;
    }
    return out;
  }

  function summaryOf(input: SiteStageInput, m: StageManifest, dir: StageDir, cached: boolean): SiteStageSummary {
    const quarantinedCases = readCases(site, cfg.dataDir)
      .map((c) => dir.readQuarantine(c.caseId))
      .filter((q) => q !== null)
      .map((q) => ({ caseId: q.caseId, errorType: q.errorType, reason: q.reason }));
    const summary: SiteStageSummary = {
      site, stage: input.stage.name, cached,
      cases: m.cases.total, committed: m.cases.committed, quarantined: m.cases.quarantined,
      quarantinedCases, table: m.outputs.table, seconds: m.timings.caseSeconds,
    };
    logEgress(dir.path, input.stage.name, null, 'summary', { ...summary });
    return summary;
  }

  async function planSiteStage(input: SiteStageInput): Promise<SitePlan> {
    return withFailures(async () => {
      const plugin = getPlugin(input.stage.type, 'site');
      const params = plugin.params.parse(input.stage.params);
      const cases = readCases(site, cfg.dataDir);
      const key = cacheKey({ pluginId: plugin.id, pluginVersion: plugin.version, params, inputs: upstreamHashes(input), dataset: datasetHash(site, cfg.dataDir) });
      const path = dirOf(input.studyId, input.runId, input.stage.name);
      const hit = input.noCache ? null : lookupCache(cfg.storeRoot, key);
      if (hit && hit !== path) {
        linkTree(hit, path, (name) => name === 'manifest.json' || name === 'egress.jsonl' || name === 'events.jsonl');
        const dir = new StageDir(path);
        const m = { ...readManifest(hit)!, runId: input.runId, cachedFrom: hit };
        writeManifest(dir, m);
        dir.event({ type: 'cache-hit', from: hit });
        return { cached: true, caseIds: cases.map((c) => c.caseId), cacheKey: key, summary: summaryOf(input, m, dir, true) };
      }
      return { cached: false, caseIds: cases.map((c) => c.caseId), cacheKey: key };
    });
  }

  async function runSiteShard(input: SiteStageInput & { caseIds: string[]; shard: number }): Promise<ShardResult> {
    const ctx = Context.current();
    const attempt = ctx.info.attempt;
    const plugin = getPlugin(input.stage.type, 'site');
    const params = await withFailures(async () => plugin.params.parse(input.stage.params));
    const dir = new StageDir(dirOf(input.studyId, input.runId, input.stage.name));
    const byId = new Map(readCases(site, cfg.dataDir).map((c) => [c.caseId, c]));
    const resumeFrom = ctx.info.heartbeatDetails as { done: number; lastCaseId?: string } | undefined;
    if (resumeFrom) log.info({ site, stage: input.stage.name, shard: input.shard, attempt, ...resumeFrom }, 'resuming shard after a retry');
    const result: ShardResult = { processed: 0, skipped: 0, quarantined: 0, attempt };
    let current: string | undefined;
    // A safety net for long cases whose plugin does not heartbeat itself: beat while it awaits.
    const beat = setInterval(() => ctx.heartbeat({ done: result.processed + result.skipped + result.quarantined, lastCaseId: current }), Math.max(1000, (input.settings.heartbeatTimeoutSeconds * 1000) / 3));
    try {
      for (const caseId of input.caseIds) {
        current = caseId;
        // Committed cases (before a crash, or by an earlier attempt) are never redone.
        if (dir.isCommitted(caseId)) { result.skipped++; continue; }
        const record = byId.get(caseId);
        if (!record) throw toFailure(new InvalidInputError(`case ${caseId} is no longer in cases.csv`, { site, caseId }, 'Do not edit cases.csv while a run is in progress'));
        dir.event({ type: 'case-start', caseId, shard: input.shard, attempt, pid: process.pid });
        const started = performance.now();
        const caseCtx: CaseContext = {
          site, stage: input.stage.name, case: record,
          input(stage) {
            const up = new StageDir(dirOf(input.studyId, input.runId, stage));
            const c = up.upstreamCase(caseId);
            if (c) return c;
            const q = up.readQuarantine(caseId);
            throw new InvalidInputError(q ? `upstream stage ${stage} quarantined this case (${q.errorType}: ${q.reason})` : `upstream stage ${stage} has no output for this case`, { site, caseId }, q ? 'Fix the upstream problem first' : `Add "${stage}" to this stage's "after" list`);
          },
          outputFile: (name, ext) => dir.tempFile(caseId, name, ext),
          log: log.child({ site, stage: input.stage.name, caseId }),
          signal: ctx.cancellationSignal,
          heartbeat: (detail) => ctx.heartbeat({ done: result.processed + result.skipped, lastCaseId: caseId, ...detail }),
        };
        try {
          const out = await plugin.processCase(caseCtx, params);
          dir.commitCase(caseId, out, (performance.now() - started) / 1000);
          dir.event({ type: 'case-commit', caseId, shard: input.shard, attempt });
          result.processed++;
        } catch (e) {
          if (!(e instanceof CohortflowError) || input.stage.onCaseError === 'fail') throw toFailure(e);
          dir.quarantineCase({ caseId, errorType: e.name, reason: e.message, file: e.where.file });
          dir.event({ type: 'case-quarantine', caseId, errorType: e.name, reason: e.message });
          result.quarantined++;
        }
        ctx.heartbeat({ done: result.processed + result.skipped + result.quarantined, lastCaseId: caseId });
        if (ctx.cancellationSignal.aborted) throw new CancelledFailure('stage cancelled');
      }
    } finally {
      clearInterval(beat);
    }
    return result;
  }

  async function commitSiteStage(input: SiteStageInput & { caseIds: string[]; cacheKey: string; startedAt: string }): Promise<SiteStageSummary> {
    return withFailures(async () => {
      const plugin = getPlugin(input.stage.type, 'site');
      const dir = new StageDir(dirOf(input.studyId, input.runId, input.stage.name));
      const out = writeStageOutputs(dir, input.stage.name, input.caseIds);
      const m: StageManifest = {
        studyId: input.studyId, runId: input.runId, stage: input.stage.name, site,
        plugin: { id: plugin.id, version: plugin.version },
        params: plugin.params.parse(input.stage.params),
        cacheKey: input.cacheKey,
        inputs: upstreamHashes(input),
        dataset: datasetHash(site, cfg.dataDir),
        outputs: { table: out.table, ...(out.quarantine ? { quarantine: out.quarantine } : {}), ...(out.qc ? { qc: out.qc } : {}) },
        cases: { total: input.caseIds.length, committed: out.committed, quarantined: out.quarantined.length },
        timings: { startedAt: input.startedAt, finishedAt: new Date().toISOString(), caseSeconds: out.caseSeconds },
      };
      writeManifest(dir, m);
      dir.clearTemp();
      recordCache(cfg.storeRoot, input.cacheKey, dir.path);
      return summaryOf(input, m, dir, false);
    });
  }

  function tableContext(input: FederatedLocalInput): SiteTableContext {
    return {
      site, stage: input.stage.name,
      cases: readCasesTable(site, cfg.dataDir),
      async table(stage) {
        const file = join(dirOf(input.studyId, input.runId, stage), `${stage}.parquet`);
        if (!existsSync(file)) throw new InvalidInputError(`stage ${stage} has no table at this site`, { site, file }, `Make "${stage}" a site stage (or a federated stage with apply) listed before "${input.stage.name}"`);
        return readParquet(file);
      },
      global(stage) {
        if (!(stage in input.upstreamGlobals)) throw new InvalidInputError(`stage ${stage} has no global result available to ${input.stage.name}`, { site }, `List "${stage}" in the "after" of "${input.stage.name}"`);
        return input.upstreamGlobals[stage];
      },
      log: log.child({ site, stage: input.stage.name }),
      signal: Context.current().cancellationSignal,
    };
  }

  async function federatedLocal(input: FederatedLocalInput): Promise<Partial> {
    return withFailures(async () => {
      const plugin = getPlugin(input.stage.type, 'federated');
      const params = plugin.params.parse(input.stage.params);
      const ctx = tableContext(input);
      const partial = await plugin.local(ctx, params, input.global, input.round);
      checkPartial(partial, { site, stage: input.stage.name, siteCaseCount: rowCount(ctx.cases), minCount: input.minCount });
      logEgress(dirOf(input.studyId, input.runId, input.stage.name), input.stage.name, input.round, 'partial', { count: partial.count, ...partial.values });
      return partial;
    });
  }

  /** Runs the plugin's apply step at this site; null when the plugin has none. */
  async function federatedApply(input: FederatedLocalInput): Promise<{ site: string; table: ArtifactRef; rows: number; summary: Record<string, unknown> } | null> {
    return withFailures(async () => {
      const plugin = getPlugin(input.stage.type, 'federated');
      if (!plugin.apply) return null;
      const params = plugin.params.parse(input.stage.params);
      const startedAt = new Date().toISOString();
      const { table, summary = {} } = await plugin.apply(tableContext(input), params, input.global);
      const dir = new StageDir(dirOf(input.studyId, input.runId, input.stage.name));
      const file = join(dir.path, `${input.stage.name}.parquet`);
      const bytes = writeParquet(table, file);
      const tableRef = { uri: `file://${file}`, sha256: sha256(bytes), bytes: bytes.length };
      writeManifest(dir, {
        studyId: input.studyId, runId: input.runId, stage: input.stage.name, site,
        plugin: { id: plugin.id, version: plugin.version }, params, cacheKey: '',
        inputs: {}, dataset: datasetHash(site, cfg.dataDir), outputs: { table: tableRef },
        cases: { total: rowCount(table), committed: rowCount(table), quarantined: 0 },
        timings: { startedAt, finishedAt: new Date().toISOString(), caseSeconds: 0 },
      });
      const result = { site, table: tableRef, rows: rowCount(table), summary };
      logEgress(dir.path, input.stage.name, null, 'apply-summary', result);
      return result;
    });
  }

  return { planSiteStage, runSiteShard, commitSiteStage, federatedLocal, federatedApply };
}

export type SiteActivities = ReturnType<typeof createSiteActivities>;
