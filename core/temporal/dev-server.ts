/**
 * The embedded Temporal dev server: the Temporal CLI's `server start-dev` with a SQLite file, the
 * Web UI on, and cohortflow's search attributes registered. Used when TEMPORAL_ADDRESS is unset.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { findTemporalCli } from './cli-path.js';
import { stateDir } from '../paths.js';

export const SEARCH_ATTRIBUTES = { StudyId: 'Keyword', RunStatus: 'Keyword' } as const;

export interface DevServerOptions {
  /** gRPC port. @default 7233 */
  port?: number;
  /** Web UI port; 0 disables the UI. @default port + 1000 */
  uiPort?: number;
  /** SQLite file; undefined keeps state in memory (tests). @default `.cohortflow/temporal.db` */
  dbFile?: string | null;
  /** Keep running after this process exits (the CLI's embedded server). @default false */
  detached?: boolean;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process?: ChildProcess;
  stop(): Promise<void>;
}

export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (open: boolean) => { socket.destroy(); resolve(open); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the Temporal dev server exited with code ${child.exitCode}; see ${join(stateDir, 'temporal.log')}`);
    if (await isPortOpen(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the Temporal dev server did not open port ${port} within ${timeoutMs / 1000} s`);
}

export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const port = opts.port ?? 7233;
  const uiPort = opts.uiPort ?? port + 1000;
  const dbFile = opts.dbFile === undefined ? join(stateDir, 'temporal.db') : opts.dbFile;
  const cli = findTemporalCli();
  const args = ['server', 'start-dev', '--port', String(port), '--ip', '127.0.0.1', '--log-level', 'error'];
  if (dbFile) args.push('--db-filename', dbFile);
  if (uiPort) args.push('--ui-port', String(uiPort));
  else args.push('--headless');
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  // Workflow task and activity rate limits are generous already; raise the per-namespace RPS so
  // benchmarks with thousands of activities are not throttled by the dev server's defaults.
  args.push('--dynamic-config-value', 'frontend.namespaceRPS=10000', '--dynamic-config-value', 'frontend.rps=10000');
  mkdirSync(stateDir, { recursive: true });
  const log = openSync(join(stateDir, opts.detached ? 'temporal.log' : `temporal-${port}.log`), 'a');
  const child = spawn(cli, args, { detached: !!opts.detached, stdio: ['ignore', log, log] });
  if (opts.detached) {
    child.unref();
    writeFileSync(join(stateDir, 'temporal.pid'), String(child.pid));
  }
  await waitForPort(port, 30_000, child);
  return {
    address: `127.0.0.1:${port}`,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : undefined,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** Where the Web UI is, when known. */
  uiUrl?: string;
  embedded: boolean;
}

/**
 * TEMPORAL_ADDRESS when set; otherwise the embedded server on 127.0.0.1:7233, started (detached,
 * persistent) when nothing listens there yet.
 */
export async function resolveTemporal(opts: { start?: boolean } = {}): Promise<TemporalTarget> {
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  if (process.env.TEMPORAL_ADDRESS) return { address: process.env.TEMPORAL_ADDRESS, namespace, embedded: false };
  const port = 7233;
  const uiUrl = 'http://127.0.0.1:8233';
  if (await isPortOpen(port)) return { address: `127.0.0.1:${port}`, namespace, uiUrl, embedded: true };
  if (opts.start === false) throw new Error('no Temporal server is running: start one with `cohortflow server`, or set TEMPORAL_ADDRESS');
  const server = await startDevServer({ port, detached: true });
  return { address: server.address, namespace, uiUrl: server.uiUrl, embedded: true };
}

export function embeddedServerPid(): number | undefined {
  const f = join(stateDir, 'temporal.pid');
  return existsSync(f) ? Number(readFileSync(f, 'utf8')) : undefined;
}
