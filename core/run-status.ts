/**
 * The shapes the study workflow reports (the `status` query) and the activities exchange.
 * Pure types and tiny helpers: imported by workflows, activities, CLI and dashboard alike.
 */
import type { StageSpec, StudySpec } from './study.js';
import type { ArtifactRef } from './artifacts/stage-table.js';
import type { Partial } from './plugin.js';

export type SiteState = 'pending' | 'running' | 'waiting-approval' | 'done' | 'cached' | 'failed' | 'cancelled' | 'skipped';
export type StageState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';
export type RunState = 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';

export interface SiteProgress {
  state: SiteState;
  done: number;
  total: number;
  quarantined: number;
  attempts: number;
  startedAt?: string;
  endedAt?: string;
  lastError?: string;
}

export interface StageStatus {
  name: string;
  kind: StageSpec['kind'];
  type: string;
  /** Upstream stages (the DAG's edges). */
  after: string[];
  state: StageState;
  round?: number;
  sites: Record<string, SiteProgress>;
  startedAt?: string;
  endedAt?: string;
  error?: string;
}

export interface RunStatus {
  studyId: string;
  runId: string;
  state: RunState;
  paused: boolean;
  startedAt: string;
  endedAt?: string;
  stages: StageStatus[];
}

export interface StudyWorkflowInput {
  spec: StudySpec;
  runId: string;
  /** Recompute every stage even when a matching committed output exists. @default false */
  noCache?: boolean;
}

export interface StudyResult {
  status: RunStatus;
  /** Global results of federated and central stages, by stage name. */
  globals: Record<string, unknown>;
}

/** What a site stage leaves at a site, as seen from the coordinator: references and counts only. */
export interface SiteStageSummary {
  site: string;
  stage: string;
  cached: boolean;
  cases: number;
  committed: number;
  quarantined: number;
  quarantinedCases: { caseId: string; errorType: string; reason: string }[];
  table: ArtifactRef;
  seconds: number;
}

export interface SiteStageInput {
  studyId: string;
  runId: string;
  stage: StageSpec;
  site: string;
  noCache: boolean;
  settings: StudySpec['settings'];
  parentWorkflowId: string;
}

export interface ShardResult {
  processed: number;
  skipped: number;
  quarantined: number;
  attempt: number;
}

export interface FederatedLocalInput {
  studyId: string;
  runId: string;
  stage: StageSpec;
  round: number;
  global: unknown;
  upstreamGlobals: Record<string, unknown>;
  minCount: number;
}

export interface FederatedAggregateInput {
  studyId: string;
  runId: string;
  stage: StageSpec;
  round: number;
  partials: { site: string; partial: Partial }[];
  previous: unknown;
}

export interface CentralStageInput {
  studyId: string;
  runId: string;
  stage: StageSpec;
  globals: Record<string, unknown>;
  siteSummaries: Record<string, Record<string, unknown>>;
  status: RunStatus;
}

export const taskQueues = {
  coordinator: 'cohortflow-coordinator',
  site: (site: string) => `site-${site}`,
  siteGpu: (site: string) => `site-${site}-gpu`,
};

export const studyWorkflowId = (studyId: string, runId: string) => `study:${studyId}:${runId}`;
