/**
 * Worker assembly. The coordinator worker runs every workflow (one bundle per process, built once)
 * and the coordinator activities; a site worker is activity-only, on `site-<id>` and, with a GPU,
 * also `site-<id>-gpu` (one task at a time per GPU).
 */
import { createRequire } from 'node:module';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { taskQueues } from '../core/run-status.js';
import { encryptedFailureConverterPath, encryptionDataConverter } from '../core/temporal/encryption-codec.js';
import { createCoordinatorActivities } from './coordinator-activities.js';
import { createSiteActivities, type SiteConfig } from './site-activities.js';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;

/** The SDK logs every worker state change at INFO; cohortflow shows its own progress instead. */
function installRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    const quiet = /^No workflows registered/; // expected on activity-only site workers
    Runtime.install({
      logger: new DefaultLogger((process.env.TEMPORAL_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN', (entry) => {
        if (!quiet.test(entry.message)) console.error(`[temporal ${entry.level}] ${entry.message}`, entry.meta?.error ?? entry.meta?.activityId ?? '');
      }),
    });
  } catch {
    /* already installed by the host (e.g. a test harness) */
  }
}

/** Bundles the workflow code once per process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: createRequire(import.meta.url).resolve('../workflows/index.ts'),
    // Workflow code builds failures inside the sandbox: it needs the same failure converter.
    ...(encryptionDataConverter() ? { failureConverterPath: encryptedFailureConverterPath } : {}),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never,
  });
  return bundle;
}

export interface ConnectOptions {
  address: string;
  namespace: string;
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
}

export function connectWorker(opts: ConnectOptions): Promise<NativeConnection> {
  installRuntime();
  return NativeConnection.connect({
    address: opts.address,
    ...(opts.tls ? { tls: { clientCertPair: { crt: opts.tls.cert, key: opts.tls.key }, ...(opts.tls.ca ? { serverRootCACertificate: opts.tls.ca } : {}) } } : {}),
  });
}

export async function createCoordinatorWorker(connection: NativeConnection, namespace: string, storeRoot: string): Promise<Worker> {
  return Worker.create({
    connection, namespace,
    taskQueue: taskQueues.coordinator,
    workflowBundle: await workflowBundle(),
    activities: createCoordinatorActivities({ storeRoot }),
    dataConverter: encryptionDataConverter(),
    maxCachedWorkflows: 200,
  });
}

export interface SiteWorkerOptions extends SiteConfig {
  /** Also poll the GPU queue. @default false */
  gpu?: boolean;
  /** Activities at once on the CPU queue. @default 2 */
  maxConcurrentActivities?: number;
}

export async function createSiteWorkers(connection: NativeConnection, namespace: string, opts: SiteWorkerOptions): Promise<Worker[]> {
  const activities = createSiteActivities(opts);
  const workers = [await Worker.create({
    connection, namespace, taskQueue: taskQueues.site(opts.site), activities,
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivities ?? 2,
    dataConverter: encryptionDataConverter(),
  })];
  if (opts.gpu) {
    workers.push(await Worker.create({
      connection, namespace, taskQueue: taskQueues.siteGpu(opts.site), activities,
      maxConcurrentActivityTaskExecutions: 1,
      dataConverter: encryptionDataConverter(),
    }));
  }
  return workers;
}
