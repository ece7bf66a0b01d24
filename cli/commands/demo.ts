/**
 * `cohortflow demo`: generates the synthetic 3-site study if missing, runs studies/demo.study.ts on
 * the embedded Temporal server with every site's worker in this process, and prints the per-site
 * table, the AUCs, and where the artifacts and the Temporal Web UI are.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateSyntheticStudy } from '../../datasets/synthetic/index.js';
import { projectRoot, stateDir } from '../../core/paths.js';
import { loadValidStudy } from '../study-loader.js';
import { connectClient, targetFromFlags } from '../temporal-client.js';
import { startLocalRuntime } from '../local-runtime.js';
import { followRun, startStudy } from '../run-study.js';
import { statusPrinter } from '../progress.js';
import { renderRunSummary } from '../run-summary.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the demo study end to end on synthetic data (3 sites) with the embedded Temporal server')
    .option('--study <file>', 'study file', join(projectRoot, 'studies', 'demo.study.ts'))
    .option('--cases <n>', 'cases per site when generating the data', '40')
    .option('--no-cache', 'recompute every stage')
    .action(async (o: { study: string; cases: string; cache: boolean }) => {
      const spec = await loadValidStudy(o.study);
      const dataRoot = join(stateDir, 'demo', 'data');
      if (!existsSync(join(dataRoot, 'manifest.json'))) {
        console.error(`generating the synthetic study (${spec.sites.length} sites × ${o.cases} cases) in ${dataRoot}…`);
        await generateSyntheticStudy({ outDir: dataRoot, sites: spec.sites, casesPerSite: Number(o.cases), seed: 7 });
      }
      console.error('connecting to Temporal (starting the embedded dev server if needed)…');
      const target = await targetFromFlags({});
      const storeRoot = join(stateDir, 'store');
      const runtime = await startLocalRuntime({
        address: target.address, namespace: target.namespace, storeRoot,
        sites: Object.fromEntries(spec.sites.map((s) => [s, join(dataRoot, s)])),
      });
      const client = await connectClient(target);
      try {
        const { handle, runId } = await startStudy(client, spec, { noCache: !o.cache });
        console.error(`run ${runId} started on ${target.address}`);
        const printer = statusPrinter();
        let result;
        try {
          result = await followRun(handle, { onStatus: (s) => printer.update(s) });
        } finally {
          printer.clear();
        }
        console.log(renderRunSummary(result, { storeRoot, uiUrl: target.uiUrl, namespace: target.namespace }));
        console.log(`Data: ${dataRoot}   Status later: npx tsx cli/main.ts status ${runId}`);
      } finally {
        await runtime.shutdown();
        await client.connection.close();
      }
    });
}
