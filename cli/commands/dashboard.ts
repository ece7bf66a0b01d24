/**
 * `cohortflow dashboard`: the web dashboard (runs list; per run a live stage × site grid) on
 * http://127.0.0.1:8300, reading Temporal at TEMPORAL_ADDRESS or the embedded server.
 */
import type { Command } from 'commander';
import { connectClient, targetFromFlags, tlsFromFlags, withConnectionOptions, type ConnectionFlags } from '../temporal-client.js';
import { createDashboard } from '../../dashboard/server.js';

interface DashboardFlags extends ConnectionFlags {
  port: string;
  host: string;
  readOnly?: boolean;
}

export function register(program: Command): void {
  withConnectionOptions(program
    .command('dashboard')
    .description('serve the web dashboard: the runs, and each run\'s stage × site progress, live')
    .option('--port <port>', 'HTTP port', '8300')
    .option('--host <host>', 'interface to listen on (the dashboard has no login: keep it local or behind a proxy)', '127.0.0.1')
    .option('--read-only', 'refuse pause, resume, approve and cancel-stage from the browser'))
    .action(async (o: DashboardFlags) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number (0-65535), got ${o.port}`);
      const target = await targetFromFlags(o);
      const client = await connectClient(target, tlsFromFlags(o));
      const dashboard = createDashboard({ client, readOnly: !!o.readOnly });
      const url = await dashboard.listen(port, o.host);
      console.log(`cohortflow dashboard on ${url} (Temporal ${target.address}, namespace ${target.namespace}${o.readOnly ? ', read-only' : ''}). Ctrl-C stops it.`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await dashboard.close();
      await client.connection.close();
    });
}
