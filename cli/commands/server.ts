/** `cohortflow server`: the embedded Temporal dev server (SQLite under .cohortflow/, Web UI on). */
import type { Command } from 'commander';
import { join } from 'node:path';
import { isPortOpen, startDevServer } from '../../core/temporal/dev-server.js';
import { stateDir } from '../../core/paths.js';

export function register(program: Command): void {
  program
    .command('server')
    .description('start the embedded Temporal dev server (persistent SQLite file, Web UI) in the foreground')
    .option('--port <port>', 'gRPC port', '7233')
    .option('--ui-port <port>', 'Web UI port (0 disables it)')
    .option('--db <file>', 'SQLite file', join(stateDir, 'temporal.db'))
    .action(async (o: { port: string; uiPort?: string; db: string }) => {
      const port = Number(o.port);
      if (await isPortOpen(port)) {
        console.log(`A Temporal server already listens on 127.0.0.1:${port}.`);
        return;
      }
      const server = await startDevServer({ port, uiPort: o.uiPort === undefined ? undefined : Number(o.uiPort), dbFile: o.db });
      console.log(`Temporal dev server on ${server.address}; Web UI ${server.uiUrl ?? 'off'}; state in ${o.db}. Ctrl-C stops it.`);
      const stop = async () => { await server.stop(); process.exit(0); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      await new Promise((r) => server.process?.once('exit', r));
    });
}
