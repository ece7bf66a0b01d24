/**
 * The remote codec endpoint over real HTTP: /decode and /encode in Temporal's proto-JSON shape,
 * CORS for the Web UI origin, the bearer token, and clear errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, generateEncryptionKey, parseEncryptionKeys } from '../../../core/temporal/encryption-codec.js';
import { payloadFromJson, payloadToJson, startCodecServer, type CodecServer, type JsonPayload } from '../../../core/temporal/codec-server.js';

const codec = new EncryptionCodec(parseEncryptionKeys(`k1:${generateEncryptionKey()}`, 'test'));
const uiOrigin = 'http://127.0.0.1:8233';
const token = 'codec-test-token';
let server: CodecServer;

beforeAll(async () => {
  server = await startCodecServer({ codec, port: 0, origins: [uiOrigin], token });
});
afterAll(async () => {
  await server?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('the codec server', () => {
  it('encodes and decodes payloads in the proto-JSON shape the Web UI sends', async () => {
    const plain = payloadToJson(defaultPayloadConverter.toPayload({ study: 'secret-study', n: 3 }));
    const enc = await post('/encode', { payloads: [plain] });
    expect(enc.status).toBe(200);
    const { payloads: encrypted } = (await enc.json()) as { payloads: JsonPayload[] };
    expect(Buffer.from(encrypted[0].metadata!.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(encrypted[0].data!, 'base64').includes('secret-study')).toBe(false);
    const dec = await post('/decode', { payloads: encrypted }, { 'X-Namespace': 'default', Origin: uiOrigin });
    expect(dec.status).toBe(200);
    expect(dec.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    const { payloads } = (await dec.json()) as { payloads: JsonPayload[] };
    expect(defaultPayloadConverter.fromPayload(payloadFromJson(payloads[0], 0))).toEqual({ study: 'secret-study', n: 3 });
  });

  it('answers the CORS preflight for the Web UI origin only', async () => {
    const ok = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { Origin: uiOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace,authorization' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const other = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a request without the bearer token or with a wrong one', async () => {
    const body = { payloads: [] };
    expect((await post('/decode', body, { Authorization: '' })).status).toBe(401);
    expect((await post('/decode', body, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post('/decode', body)).status).toBe(200);
  });

  it('says what is wrong with a bad request, an unknown path and a payload it cannot decrypt', async () => {
    const notJson = await post('/decode', '{nope');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: string }).error).toMatch(/not JSON/);
    expect((await post('/decode', { nothing: 1 })).status).toBe(400);
    expect((await post('/nowhere', { payloads: [] })).status).toBe(404);
    expect((await fetch(`${server.url}/decode`)).status).toBe(405);
    const other = new EncryptionCodec(parseEncryptionKeys(`k7:${generateEncryptionKey()}`, 'test'));
    const [foreign] = await other.encode([defaultPayloadConverter.toPayload(1)]);
    const res = await post('/decode', { payloads: [payloadToJson(foreign)] });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(/UnknownEncryptionKeyError: .*key "k7"/);
  });

  it('serves a path prefix, as when it sits behind a proxy at /codec', async () => {
    const res = await post('/codec/encode', { payloads: [payloadToJson(defaultPayloadConverter.toPayload('x'))] });
    expect(res.status).toBe(200);
  });
});
