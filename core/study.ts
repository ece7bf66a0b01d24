/**
 * The study DSL: a study is a typed TypeScript file whose default export is `defineStudy({...})`.
 * It compiles to a JSON `StudySpec`, the study workflow's input (workflows receive data, never
 * functions). Params are typed per stage type through `StageParamsRegistry`, which each plugin
 * augments with its zod input type, so a wrong parameter is a compile error in the editor.
 */

/**
 * Maps a stage type id to its params type. Plugins add themselves:
 * `declare module '../../core/study.js' { interface StageParamsRegistry { 'my.stage': MyParams } }`
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface StageParamsRegistry {}

export type StageKind = 'site' | 'federated' | 'central';
export type Device = 'cpu' | 'gpu' | 'gpu-preferred';
export type StageType = keyof StageParamsRegistry & string;

export interface StageOptions {
  /** Stages that must finish first. @default [] */
  after?: string[];
  /** Sites that run this stage (site and federated stages). @default every site of the study */
  sites?: string[];
  /** Where a site stage runs: `gpu*` routes to the `site-<id>-gpu` task queue. @default 'cpu' */
  device?: Device;
  /** What a case that fails with bad data does to the stage. @default 'quarantine' */
  onCaseError?: 'fail' | 'quarantine';
  /** Cases per activity (one shard = one activity). @default 25 */
  shardSize?: number;
  /** Wait for a site coordinator's `approve` signal before the stage counts as done at a site. @default false */
  approve?: boolean;
  /** Most rounds of a federated stage. @default 50 */
  maxRounds?: number;
}

export interface StageSpec {
  name: string;
  kind: StageKind;
  type: string;
  params: Record<string, unknown>;
  after: string[];
  sites?: string[];
  device: Device;
  onCaseError: 'fail' | 'quarantine';
  shardSize: number;
  approve: boolean;
  maxRounds: number;
}

export interface StudySettings {
  /** Smallest case count a federated partial may summarise. @default 5 */
  minCount?: number;
  /** Shards running at once at one site. @default 2 */
  siteConcurrency?: number;
  /** Activity heartbeat timeout in seconds: how soon a killed worker's work is retried. @default 60 */
  heartbeatTimeoutSeconds?: number;
  /** How long a `gpu-preferred` shard waits for a GPU worker before it runs on the CPU queue. @default 120 */
  gpuWaitSeconds?: number;
}

export interface StudySpec {
  id: string;
  sites: string[];
  stages: StageSpec[];
  settings: Required<StudySettings>;
}

type ParamsOf<T extends StageType> = StageParamsRegistry[T];

export interface StudyDefinition {
  id: string;
  sites: string[];
  stages: StageSpec[];
  settings?: StudySettings;
}

const DEVICES: readonly string[] = ['cpu', 'gpu', 'gpu-preferred'];

/** GPU plugins take `device` as a param (it picks their execution provider); it also routes the stage. */
function deviceFromParams(params: unknown): Device {
  const d = (params as { device?: unknown } | null)?.device;
  return typeof d === 'string' && DEVICES.includes(d) ? (d as Device) : 'cpu';
}

function stage(kind: StageKind, name: string, type: string, params: unknown, opts: StageOptions = {}): StageSpec {
  return {
    name,
    kind,
    type,
    params: (params ?? {}) as Record<string, unknown>,
    after: opts.after ?? [],
    ...(opts.sites ? { sites: opts.sites } : {}),
    device: opts.device ?? deviceFromParams(params),
    onCaseError: opts.onCaseError ?? 'quarantine',
    shardSize: opts.shardSize ?? 25,
    approve: opts.approve ?? false,
    maxRounds: opts.maxRounds ?? 50,
  };
}

/** A stage that runs at every site over that site's cases. */
export function siteStage<T extends StageType>(name: string, type: T, params: ParamsOf<T>, opts?: StageOptions): StageSpec {
  return stage('site', name, type, params, opts);
}

/** Rounds of local partials at each site and aggregation at the coordinator. */
export function federatedStage<T extends StageType>(name: string, type: T, params: ParamsOf<T>, opts?: StageOptions): StageSpec {
  return stage('federated', name, type, params, opts);
}

/** A stage at the coordinator over global results (model, report). */
export function centralStage<T extends StageType>(name: string, type: T, params: ParamsOf<T>, opts?: StageOptions): StageSpec {
  return stage('central', name, type, params, opts);
}

export function defineStudy(def: StudyDefinition): StudySpec {
  return {
    id: def.id,
    sites: def.sites,
    stages: def.stages,
    settings: {
      minCount: def.settings?.minCount ?? 5,
      siteConcurrency: def.settings?.siteConcurrency ?? 2,
      heartbeatTimeoutSeconds: def.settings?.heartbeatTimeoutSeconds ?? 60,
      gpuWaitSeconds: def.settings?.gpuWaitSeconds ?? 120,
    },
  };
}

/** Sites a stage runs at. */
export function stageSites(spec: StudySpec, s: StageSpec): string[] {
  return s.sites ?? spec.sites;
}
