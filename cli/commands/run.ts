/**
 * `cohortflow run <study>`: starts a run. With --local, every site's worker runs in this process
 * over `<data>/<site>` folders; otherwise site workers run at the sites and this process runs the
 * coordinator worker until the run ends (or returns at once with --detach).
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { loadValidStudy } from '../study-loader.js';
import { connectClient, targetFromFlags, tlsFromFlags, withConnectionOptions, type ConnectionFlags } from '../temporal-client.js';
import { startLocalRuntime, coordinatorStore, type LocalRuntime } from '../local-runtime.js';
import { followRun, startStudy } from '../run-study.js';
import { statusPrinter } from '../progress.js';
import { renderRunSummary } from '../run-summary.js';
import { connectWorker, createCoordinatorWorker } from '../../activities/workers.js';
import { stateDir } from '../../core/paths.js';

interface RunFlags extends ConnectionFlags {
  runId?: string;
  local?: boolean;
  data?: string;
  store: string;
  cache: boolean;
  detach?: boolean;
}

export function register(program: Command): void {
  withConnectionOptions(program
    .command('run <study>')
    .description('run a study: --local runs every site here; otherwise site workers serve their queues')
    .option('--run-id <id>', 'run id (default <study>-<time>-<random>)')
    .option('--local', 'run every site\'s worker in this process (data in <data>/<site>)')
    .option('--data <dir>', 'with --local: the folder holding one data folder per site', join(stateDir, 'demo', 'data'))
    .option('--store <dir>', 'artifact store root (<store>/<site>, <store>/coordinator)', join(stateDir, 'store'))
    .option('--no-cache', 'recompute every stage even when a matching committed output exists')
    .option('--detach', 'start the run and return (status with `cohortflow status <runId>`)'))
    .action(async (studyPath: string, o: RunFlags) => {
      const spec = await loadValidStudy(studyPath);
      const target = await targetFromFlags(o);
      const tls = tlsFromFlags(o);
      const client = await connectClient(target, tls);
      const storeRoot = resolve(o.store);
      let runtime: LocalRuntime | undefined;
      let stopCoordinator: (() => Promise<void>) | undefined;
      if (o.local && !o.detach) {
        runtime = await startLocalRuntime({ address: target.address, namespace: target.namespace, storeRoot, sites: Object.fromEntries(spec.sites.map((s) => [s, resolve(o.data!, s)])) });
      } else if (!o.detach) {
        const connection = await connectWorker({ address: target.address, namespace: target.namespace, tls });
        const worker = await createCoordinatorWorker(connection, target.namespace, coordinatorStore(storeRoot));
        const running = worker.run();
        stopCoordinator = async () => { worker.shutdown(); await running; await connection.close(); };
      }
      const { handle, runId } = await startStudy(client, spec, { runId: o.runId, noCache: !o.cache });
      console.error(`started run ${runId} (workflow ${handle.workflowId})`);
      if (o.detach) {
        console.log(runId);
        await client.connection.close();
        return;
      }
      const printer = statusPrinter();
      try {
        const result = await followRun(handle, { onStatus: (s) => printer.update(s) });
        printer.clear();
        console.log(renderRunSummary(result, { storeRoot, uiUrl: target.uiUrl, namespace: target.namespace }));
      } catch (e) {
        printer.clear();
        console.error(`run ${runId} failed: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`);
        process.exitCode = 1;
      } finally {
        await runtime?.shutdown();
        await stopCoordinator?.();
        await client.connection.close();
      }
    });
}
