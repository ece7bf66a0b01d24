/**
 * `cohortflow worker --site <id> --data <dir>`: a site worker next to the site's data. It polls
 * `site-<id>` (and `site-<id>-gpu` with --gpu) and runs only activities: no workflow code, no
 * outbound data but aggregates. `--coordinator` runs the coordinator worker instead.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { connectWorker, createCoordinatorWorker, createSiteWorkers } from '../../activities/workers.js';
import { targetFromFlags, tlsFromFlags, withConnectionOptions, type ConnectionFlags } from '../temporal-client.js';
import { stateDir } from '../../core/paths.js';

interface WorkerFlags extends ConnectionFlags {
  site?: string;
  data?: string;
  store?: string;
  gpu?: boolean;
  coordinator?: boolean;
  concurrency: string;
}

export function register(program: Command): void {
  withConnectionOptions(program
    .command('worker')
    .description('run a site worker next to the site\'s data (or, with --coordinator, the coordinator worker)')
    .option('--site <id>', 'site id, as the study names it')
    .option('--data <dir>', 'the site\'s data folder (cases.csv and images)')
    .option('--store <dir>', 'where this site\'s artifacts go (default .cohortflow/store/<site>)')
    .option('--gpu', 'also serve GPU stages (site-<id>-gpu queue, one task at a time)')
    .option('--coordinator', 'run the coordinator worker (workflows and aggregation) instead of a site worker')
    .option('--concurrency <n>', 'activities at once on the CPU queue', '2'))
    .action(async (o: WorkerFlags) => {
      const target = await targetFromFlags(o);
      const connection = await connectWorker({ address: target.address, namespace: target.namespace, tls: tlsFromFlags(o) });
      let workers;
      if (o.coordinator) {
        workers = [await createCoordinatorWorker(connection, target.namespace, resolve(o.store ?? `${stateDir}/store/coordinator`))];
        console.error(`coordinator worker on ${target.address} (${target.namespace}), queue cohortflow-coordinator`);
      } else {
        if (!o.site || !o.data) throw new Error('a site worker needs --site <id> and --data <dir> (or use --coordinator)');
        const store = resolve(o.store ?? `${stateDir}/store/${o.site}`);
        workers = await createSiteWorkers(connection, target.namespace, { site: o.site, dataDir: resolve(o.data), storeRoot: store, gpu: !!o.gpu, maxConcurrentActivities: Number(o.concurrency) });
        console.error(`site worker ${o.site} on ${target.address} (${target.namespace}): data ${resolve(o.data)}, store ${store}${o.gpu ? ', GPU queue too' : ''}`);
      }
      const stop = () => workers.forEach((w) => w.shutdown());
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      await Promise.all(workers.map((w) => w.run()));
      await connection.close();
    });
}
