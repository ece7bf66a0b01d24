/**
 * A remote codec endpoint (Temporal's codec server protocol) so that the Temporal Web UI, the
 * Temporal CLI (`--codec-endpoint`) and the dashboard can show decrypted payloads to authorized
 * users, while the server and its database hold only ciphertext.
 *
 *   POST <prefix>/decode  {"payloads":[{"metadata":{"encoding":"<base64>",…},"data":"<base64>"}]}
 *   POST <prefix>/encode  same shape
 *   → 200 {"payloads":[…]} in the same shape (proto JSON: bytes as base64)
 *
 * CORS answers only the configured origins (the Web UI's), with the headers the UI sends
 * (`Content-Type`, `X-Namespace`, `Authorization`). With a token configured every POST must carry
 * `Authorization: Bearer <token>`. The server speaks plain HTTP and binds to 127.0.0.1 by default:
 * to serve other machines, put it behind a TLS-terminating proxy.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { CohortflowError } from '../errors.js';

export interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** @default 8888 (0 picks a free port) */
  port?: number;
  /** @default 127.0.0.1 */
  host?: string;
  /** Origins allowed by CORS, e.g. the Web UI's `http://127.0.0.1:8233`. @default [] (no CORS) */
  origins?: string[];
  /** When set, every POST must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Largest request body accepted. @default 16 MiB */
  maxBodyBytes?: number;
  /** Called once per request (method, path, status, payload count, namespace); never with payload contents. */
  onRequest?: (entry: { method: string; path: string; status: number; payloads?: number; namespace?: string; error?: string }) => void;
}

export interface CodecServer {
  server: Server;
  /** `http://host:port` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The request body is not a `{ payloads: [...] }` object of base64 strings. */
export class CodecRequestError extends CohortflowError {}

export function payloadFromJson(p: JsonPayload, index: number): Payload {
  if (typeof p !== 'object' || p === null) throw new CodecRequestError(`payload ${index + 1} is not an object`, {}, 'Send {"payloads":[{"metadata":{…},"data":"<base64>"}]}');
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) {
    if (typeof v !== 'string') throw new CodecRequestError(`metadata "${k}" of payload ${index + 1} is not a base64 string`, {}, 'Encode every metadata value as base64');
    metadata[k] = Buffer.from(v, 'base64');
  }
  if (p.data != null && typeof p.data !== 'string') throw new CodecRequestError(`data of payload ${index + 1} is not a base64 string`, {}, 'Encode data as base64');
  return { metadata, data: p.data ? Buffer.from(p.data, 'base64') : new Uint8Array(0) };
}

export function payloadToJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).filter(([, v]) => v != null).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array(0)).toString('base64'),
  };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  if (!m) return false;
  // Compare digests so that the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(m[1].trim()).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c); // past the limit, drain without keeping, then answer 413
    });
    req.on('end', () => {
      if (size > limit) reject(new CodecRequestError(`request body over ${limit} bytes`, {}, 'Send fewer payloads per request'));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

export function startCodecServer(opts: CodecServerOptions): Promise<CodecServer> {
  const origins = new Set((opts.origins ?? []).map((o) => o.replace(/\/+$/, '')));
  const limit = opts.maxBodyBytes ?? 16 * 1024 * 1024;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://codec').pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    const namespace = typeof req.headers['x-namespace'] === 'string' ? req.headers['x-namespace'] : undefined;
    const origin = req.headers.origin;
    if (origin && origins.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    res.setHeader('Vary', 'Origin');
    const reply = (status: number, body?: unknown, extra: { payloads?: number; error?: string } = {}) => {
      if (body === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      opts.onRequest?.({ method, path, status, namespace, ...extra });
    };

    const op = path.endsWith('/decode') ? 'decode' : path.endsWith('/encode') ? 'encode' : undefined;
    if (method === 'OPTIONS') {
      // CORS preflight: the Web UI asks before every POST; it carries no credentials.
      if (!origin || !origins.has(origin)) return reply(403, { error: `origin ${origin ?? '(none)'} is not allowed; start the codec server with --origin ${origin ?? '<url>'}` });
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
      res.setHeader('Access-Control-Max-Age', '600');
      return reply(204);
    }
    if (!op) return reply(404, { error: `unknown path ${path || '/'}; use POST /decode or POST /encode` });
    if (method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      return reply(405, { error: `${method} ${path}: use POST` });
    }
    if (opts.token && !tokenMatches(req.headers.authorization, opts.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return reply(401, { error: 'missing or wrong bearer token (Authorization: Bearer <COHORTFLOW_CODEC_TOKEN>)' });
    }
    let payloads: Payload[];
    try {
      const body = JSON.parse((await readBody(req, limit)).toString('utf8')) as { payloads?: unknown };
      if (!body || !Array.isArray(body.payloads)) throw new CodecRequestError('the body has no "payloads" array', {}, 'Send {"payloads":[…]}');
      payloads = (body.payloads as JsonPayload[]).map(payloadFromJson);
    } catch (e) {
      const message = e instanceof SyntaxError ? `the body is not JSON (${e.message})` : (e as Error).message;
      return reply(e instanceof CodecRequestError && /over \d+ bytes/.test(message) ? 413 : 400, { error: message }, { error: message });
    }
    try {
      const out = op === 'decode' ? await opts.codec.decode(payloads) : await opts.codec.encode(payloads);
      return reply(200, { payloads: out.map(payloadToJson) }, { payloads: payloads.length });
    } catch (e) {
      // Typed codec errors (unknown key id, tampered payload) are the caller's problem: 422 with the message.
      const status = e instanceof CohortflowError ? 422 : 500;
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      return reply(status, { error: message }, { payloads: payloads.length, error: message });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: (e as Error).message }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8888, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const { port, address } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        server, port, url: `http://${host}:${port}`,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}
