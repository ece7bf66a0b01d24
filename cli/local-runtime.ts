/**
 * Every worker of a study in this process: the coordinator (workflows + aggregation) and each
 * site's worker over its data folder. Used by `demo`, `run --local` and the integration tests; the
 * same study runs unchanged with one `cohortflow worker` per hospital instead.
 */
import { join } from 'node:path';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { connectWorker, createCoordinatorWorker, createSiteWorkers } from '../activities/workers.js';

export interface LocalRuntimeOptions {
  address: string;
  namespace: string;
  /** Site id → data folder. */
  sites: Record<string, string>;
  /** Root of the stores: `<storeRoot>/<site>` per site, `<storeRoot>/coordinator`. */
  storeRoot: string;
  /** Also poll each site's GPU queue (the local machine serves both). @default true */
  gpu?: boolean;
}

export interface LocalRuntime {
  connection: NativeConnection;
  workers: Worker[];
  /** Stops polling, lets running tasks finish, closes the connection. */
  shutdown(): Promise<void>;
}

export const siteStore = (storeRoot: string, site: string) => join(storeRoot, site);
export const coordinatorStore = (storeRoot: string) => join(storeRoot, 'coordinator');

export async function startLocalRuntime(opts: LocalRuntimeOptions): Promise<LocalRuntime> {
  const connection = await connectWorker({ address: opts.address, namespace: opts.namespace });
  const workers: Worker[] = [await createCoordinatorWorker(connection, opts.namespace, coordinatorStore(opts.storeRoot))];
  for (const [site, dataDir] of Object.entries(opts.sites)) {
    workers.push(...(await createSiteWorkers(connection, opts.namespace, { site, dataDir, storeRoot: siteStore(opts.storeRoot, site), gpu: opts.gpu ?? true })));
  }
  const running = workers.map((w) => w.run());
  return {
    connection,
    workers,
    async shutdown() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await Promise.allSettled(running);
      await connection.close();
    },
  };
}
