/**
 * The plugin SDK: the contract every stage type implements. A plugin is plain code over plain
 * data; it knows nothing of Temporal. Activities bind plugins to the workflow (checkpointing,
 * heartbeats, egress log, privacy guard), so the same algorithm runs in a study, in the CLI and
 * in a benchmark.
 */
import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Table } from './tables/table.js';
import type { RunStatus } from './run-status.js';
import { InvalidInputError } from './errors.js';

/** One row of a site's cases.csv, with file columns resolved to absolute paths. */
export interface CaseRecord {
  caseId: string;
  /** Every column of cases.csv except case_id, as written (numbers stay strings). */
  fields: Record<string, string>;
  /** Image columns (`image`, `image_t1`, …) and `mask`, resolved against the site folder. */
  files: Record<string, string>;
}

/** What an upstream site stage left for one case. */
export interface UpstreamCase {
  /** The committed row (feature values etc.) of that stage for this case. */
  row: Record<string, number | string | null>;
  /** Files committed for this case, by name (e.g. `mask` → /store/.../cases/n-001.mask.nii.gz). */
  files: Record<string, string>;
}

export interface CaseContext {
  site: string;
  stage: string;
  case: CaseRecord;
  /** Outputs of an upstream site stage for this case (throws a clear error if absent). */
  input(stage: string): UpstreamCase;
  /** A temp path for a per-case output file; the activity commits it atomically with the row. */
  outputFile(name: string, ext: string): string;
  log: Logger;
  signal: AbortSignal;
  /** Reports progress inside a long case (e.g. sliding windows done). */
  heartbeat(detail?: Record<string, unknown>): void;
}

export interface CaseResult {
  /** One row of the stage table (case_id is added by the activity). */
  row: Record<string, number | string | null>;
  /** Files written to paths from `ctx.outputFile`, by name. */
  files?: Record<string, string>;
}

/** Context for the site side of a federated stage, and for `apply`. */
export interface SiteTableContext {
  site: string;
  stage: string;
  /** The site's cases.csv as a table (case_id, outcome, covariates…), numeric where parseable. */
  cases: Table;
  /** The stage table of an upstream site or federated-apply stage at this site (case_id first). */
  table(stage: string): Promise<Table>;
  /** The global result of an upstream federated or central stage (e.g. a trained model). */
  global(stage: string): unknown;
  log: Logger;
  signal: AbortSignal;
}

/** What a federated partial is made of: aggregates only, each with a declared shape. */
export type PartialValue = number | number[] | number[][] | string[];
export interface Partial {
  /** Number of cases this partial summarises; the privacy guard refuses counts under minCount. */
  count: number;
  values: Record<string, PartialValue>;
  /**
   * Smallest cell count among groups the partial summarises (e.g. per batch, per class).
   * Defaults to `count`. The guard refuses it under minCount.
   */
  minCellCount?: number;
}

export interface CentralContext {
  stage: string;
  /** Global results of upstream federated/central stages, by stage name. */
  global(stage: string): unknown;
  /** Per-site summaries returned by upstream site stages and apply steps. */
  siteSummaries(stage: string): Record<string, unknown>;
  /** A directory at the coordinator where this stage may write its outputs (report, model). */
  outputDir: string;
  /** The run's status so far: stages, sites, timings (for reports). */
  status: RunStatus;
  log: Logger;
}

interface PluginBase<P extends z.ZodType> {
  id: string;
  version: string;
  description: string;
  params: P;
}

export interface SitePlugin<P extends z.ZodType = z.ZodType> extends PluginBase<P> {
  kind: 'site';
  /** Processes one case; a thrown CohortflowError quarantines (or fails) that case only. */
  processCase(ctx: CaseContext, params: z.infer<P>): Promise<CaseResult>;
}

export interface FederatedPlugin<P extends z.ZodType = z.ZodType, G = unknown> extends PluginBase<P> {
  kind: 'federated';
  /** Runs at a site: from the site's data and the last global state, the partial aggregates. */
  local(ctx: SiteTableContext, params: z.infer<P>, global: G | null, round: number): Promise<Partial>;
  /** Runs at the coordinator: combines partials into the next global state. */
  aggregate(partials: { site: string; partial: Partial }[], params: z.infer<P>, previous: G | null, round: number): { global: G; done: boolean };
  /** Optional, at each site after the last round: uses the global state to write a site table. */
  apply?(ctx: SiteTableContext, params: z.infer<P>, global: G): Promise<{ table: Table; summary?: Record<string, unknown> }>;
}

export interface CentralPlugin<P extends z.ZodType = z.ZodType> extends PluginBase<P> {
  kind: 'central';
  run(ctx: CentralContext, params: z.infer<P>): Promise<Record<string, unknown>>;
}

export type Plugin = SitePlugin<any> | FederatedPlugin<any, any> | CentralPlugin<any>;

/**
 * The image a case-level plugin reads: the `image` column of cases.csv, or the image an upstream stage committed for
 * this case (`imageFrom`). A missing column is an InvalidInputError naming the site, case and column.
 */
export function caseImagePath(ctx: CaseContext, params: { image: string; imageFrom?: string }): string {
  const path = params.imageFrom ? ctx.input(params.imageFrom).files.image : ctx.case.files[params.image];
  if (!path) {
    throw new InvalidInputError(`case has no '${params.image}' image column`, { site: ctx.site, caseId: ctx.case.caseId }, 'Name the image column with the image parameter');
  }
  return path;
}

export function definePlugin<P extends z.ZodType>(p: SitePlugin<P>): SitePlugin<P>;
export function definePlugin<P extends z.ZodType, G>(p: FederatedPlugin<P, G>): FederatedPlugin<P, G>;
export function definePlugin<P extends z.ZodType>(p: CentralPlugin<P>): CentralPlugin<P>;
export function definePlugin(p: Plugin): Plugin {
  return p;
}
