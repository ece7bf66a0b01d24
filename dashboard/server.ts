/**
 * The web dashboard: a node:http server with a small JSON API over Temporal and a static UI
 * (plain HTML/CSS/JS from dashboard/static/, no framework, no CDN).
 *
 * - `GET /api/runs`: the runs, newest first, from Temporal's visibility store.
 * - `GET /api/runs/:runId`: one run's {@link RunStatus} (running or closed).
 * - `GET /api/runs/:runId/events`: Server-Sent Events; an `status` event whenever the status
 *   changes (checked every second), `problem` when it cannot be read, `end` once the run is over.
 * - `GET /api/config`: `{ readOnly, intervalMs }`, so the page shows controls only when they work.
 * - `POST /api/runs/:runId/{pause,resume,approve,cancel-stage}`: the study workflow's signals
 *   (JSON bodies `{ stage, site }` for approve, `{ stage }` for cancel-stage); off with `readOnly`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { RunStatus } from '../core/run-status.js';
import { findRun, runStatus } from '../cli/commands/status.js';
import { approveSignal, cancelStageSignal, pauseSignal, resumeSignal } from '../workflows/definitions.js';
import { RunStatusKey, StudyIdKey } from '../workflows/search-attributes.js';

export interface DashboardOptions {
  /** A connected Temporal client; the dashboard does not close it. */
  client: Client;
  /** How often the events stream reads the status of a running run, in ms. @default 1000 */
  intervalMs?: number;
  /** Refuse the POST endpoints (pause, resume, approve, cancel-stage). @default false */
  readOnly?: boolean;
  /** The most runs `GET /api/runs` returns. @default 200 */
  maxRuns?: number;
}

/** One row of `GET /api/runs`. */
export interface RunSummary {
  runId: string;
  workflowId: string;
  studyId: string;
  /** The `RunStatus` search attribute, else Temporal's execution status in lower case. */
  status: string;
  /** Temporal's execution status (`running`, `completed`, `failed`, `terminated`, …). */
  execution: string;
  startedAt: string;
  endedAt?: string;
}

export interface Dashboard {
  server: Server;
  /** Starts listening; resolves to the dashboard's URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Ends open event streams and stops the server. */
  close(): Promise<void>;
}

const staticDir = join(dirname(fileURLToPath(import.meta.url)), 'static');
const staticFiles: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  // Everything comes from this server; no inline script, no third party.
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

const finalStates = new Set<RunStatus['state']>(['completed', 'failed', 'cancelled']);
const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const done = () => { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); };
  const t = setTimeout(done, ms);
  signal.addEventListener('abort', done, { once: true });
});
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createDashboard(opts: DashboardOptions): Dashboard {
  const { client } = opts;
  const intervalMs = opts.intervalMs ?? 1000;
  const maxRuns = opts.maxRuns ?? 200;
  const workflowIds = new Map<string, string>(); // runId → workflowId

  async function workflowIdOf(runId: string): Promise<string> {
    const known = workflowIds.get(runId);
    if (known) return known;
    const id = await findRun(client, runId);
    if (!id) throw new HttpError(404, `no run ${runId}`);
    workflowIds.set(runId, id);
    return id;
  }

  async function listRuns(): Promise<RunSummary[]> {
    const runs: RunSummary[] = [];
    for await (const wf of client.workflow.list({ query: `WorkflowType = 'studyWorkflow'` })) {
      const parts = wf.workflowId.split(':');
      const runId = parts.slice(2).join(':') || wf.workflowId;
      workflowIds.set(runId, wf.workflowId);
      const execution = wf.status.name.toLowerCase();
      runs.push({
        runId, workflowId: wf.workflowId,
        studyId: wf.typedSearchAttributes.get(StudyIdKey) ?? parts[1] ?? '',
        // The search attribute says `running` until the workflow upserts its end state; a
        // terminated or timed-out run never does, so Temporal's own status wins once closed.
        status: execution === 'running' || execution === 'completed' ? wf.typedSearchAttributes.get(RunStatusKey) ?? execution : execution,
        execution,
        startedAt: wf.startTime.toISOString(),
        ...(wf.closeTime ? { endedAt: wf.closeTime.toISOString() } : {}),
      });
      if (runs.length >= maxRuns) break;
    }
    return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /**
   * One poller per run, shared by every browser watching it: Temporal sees one status read per
   * second per watched run, however many people have the page open.
   */
  type Send = (event: string, data: string) => void;
  const watches = new Map<string, { subscribers: Set<Send>; last?: string }>();
  const stopping = new AbortController();

  async function poll(workflowId: string, w: { subscribers: Set<Send>; last?: string }): Promise<void> {
    const emit = (event: string, data: string) => { for (const send of [...w.subscribers]) send(event, data); };
    const end = (execution: string) => emit('end', JSON.stringify({ execution: execution.toLowerCase() }));
    try {
      while (!stopping.signal.aborted) {
        try {
          const status = await runStatus(client, workflowId);
          const json = JSON.stringify(status);
          if (json !== w.last) { w.last = json; emit('status', json); }
          if (finalStates.has(status.state)) {
            // The workflow may still be recording the run; wait until Temporal closes it.
            const d = await client.workflow.getHandle(workflowId).describe();
            if (d.status.name !== 'RUNNING') { end(d.status.name); return; }
          }
        } catch (e) {
          emit('problem', JSON.stringify({ message: message(e) }));
          const d = await client.workflow.getHandle(workflowId).describe().catch(() => undefined);
          // A closed run whose status cannot be read (terminated, timed out) will not change.
          if (d && d.status.name !== 'RUNNING') { end(d.status.name); return; }
        }
        await sleep(intervalMs, stopping.signal);
        if (!w.subscribers.size) return;
      }
    } finally {
      watches.delete(workflowId);
    }
  }

  function streamEvents(req: IncomingMessage, res: ServerResponse, workflowId: string): Promise<void> {
    res.writeHead(200, { ...securityHeaders, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive' });
    res.write('retry: 3000\n\n');
    return new Promise<void>((resolve) => {
      let w = watches.get(workflowId);
      const fresh = !w;
      if (!w) { w = { subscribers: new Set() }; watches.set(workflowId, w); }
      const watch = w;
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      const finish = () => {
        clearInterval(keepAlive);
        watch.subscribers.delete(send);
        stopping.signal.removeEventListener('abort', finish);
        if (!res.writableEnded) res.end();
        resolve();
      };
      const send: Send = (event, data) => {
        res.write(`event: ${event}\ndata: ${data}\n\n`);
        if (event === 'end') finish();
      };
      watch.subscribers.add(send);
      if (watch.last) send('status', watch.last);
      req.on('close', finish);
      stopping.signal.addEventListener('abort', finish, { once: true });
      if (fresh) poll(workflowId, watch).catch(() => undefined);
    });
  }

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > 16 * 1024) throw new HttpError(413, 'request body over 16 KiB');
      chunks.push(chunk);
    }
    if (!size) return {};
    try {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
    } catch { /* reported below */ }
    throw new HttpError(400, 'the request body must be a JSON object');
  }

  const stringField = (body: Record<string, unknown>, key: string): string => {
    const v = body[key];
    if (typeof v !== 'string' || !v) throw new HttpError(400, `"${key}" (a non-empty string) is required`);
    return v;
  };

  async function act(req: IncomingMessage, runId: string, action: string): Promise<unknown> {
    if (opts.readOnly) throw new HttpError(403, 'this dashboard is read-only (started with --read-only)');
    // A JSON content type cannot be sent cross-site without a CORS preflight, which this server
    // never grants; a present Origin must also be this server's own.
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'send Content-Type: application/json');
    const origin = req.headers.origin;
    if (origin && origin !== `http://${req.headers.host}`) throw new HttpError(403, `cross-origin request from ${origin} refused`);
    const body = await readJson(req);
    const handle = client.workflow.getHandle(await workflowIdOf(runId));
    switch (action) {
      case 'pause': await handle.signal(pauseSignal); break;
      case 'resume': await handle.signal(resumeSignal); break;
      case 'approve': await handle.signal(approveSignal, { stage: stringField(body, 'stage'), site: stringField(body, 'site') }); break;
      case 'cancel-stage': await handle.signal(cancelStageSignal, stringField(body, 'stage')); break;
      default: throw new HttpError(404, `no action ${action}: pause, resume, approve, cancel-stage`);
    }
    return { ok: true, action };
  }

  function sendJson(res: ServerResponse, status: number, data: unknown): void {
    const body = JSON.stringify(data);
    res.writeHead(status, { ...securityHeaders, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (!path.startsWith('/api/')) {
      const f = staticFiles[path];
      if (!f) throw new HttpError(404, `no page ${path}`);
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} not allowed on ${path}`);
      const body = readFileSync(join(staticDir, f.file));
      res.writeHead(200, { ...securityHeaders, 'Content-Type': f.type, 'Cache-Control': 'no-cache', 'Content-Length': body.length });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    const parts = path.split('/').slice(2).map((p) => decodeURIComponent(p)); // after /api/
    if (parts[0] === 'config' && parts.length === 1 && method === 'GET') return sendJson(res, 200, { readOnly: !!opts.readOnly, intervalMs });
    if (parts[0] !== 'runs') throw new HttpError(404, `no endpoint ${path}`);
    if (parts.length === 1 && method === 'GET') return sendJson(res, 200, await listRuns());
    const runId = parts[1];
    if (!runId) throw new HttpError(404, `no endpoint ${path}`);
    if (parts.length === 2 && method === 'GET') return sendJson(res, 200, await runStatus(client, await workflowIdOf(runId)));
    if (parts.length === 3 && parts[2] === 'events' && method === 'GET') return streamEvents(req, res, await workflowIdOf(runId));
    if (parts.length === 3 && method === 'POST') return sendJson(res, 202, await act(req, runId, parts[2]));
    throw new HttpError(parts.length === 3 ? 405 : 404, `no endpoint ${method} ${path}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // Anything else is Temporal's answer (unreachable, query failed): a bad gateway for the page.
      const status = e instanceof HttpError ? e.status : e instanceof URIError ? 400 : 502;
      if (res.headersSent) { res.end(); return; }
      sendJson(res, status, { error: message(e) });
    });
  });

  return {
    server,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const a = server.address() as AddressInfo;
          resolve(`http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/`);
        });
      });
    },
    async close() {
      stopping.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
