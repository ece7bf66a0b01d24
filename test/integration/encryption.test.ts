/**
 * Payload encryption end to end on a real Temporal dev server: a small study runs with
 * COHORTFLOW_ENCRYPTION_KEYS set (workers and the CLI client pick the codec up from the
 * environment), the server stores only `binary/encrypted` payloads, and the codec server turns them
 * back into plaintext over HTTP, for the Temporal CLI as for any other caller.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { defineStudy, federatedStage, siteStage } from '../../core/study.js';
import { startLocalRuntime, type LocalRuntime } from '../../cli/local-runtime.js';
import { followRun, startStudy } from '../../cli/run-study.js';
import { connectClient } from '../../cli/temporal-client.js';
import { EncryptionCodec, generateEncryptionKey, parseEncryptionKeys } from '../../core/temporal/encryption-codec.js';
import { payloadFromJson, payloadToJson, startCodecServer, type CodecServer, type JsonPayload } from '../../core/temporal/codec-server.js';
import { findTemporalCli } from '../../core/temporal/cli-path.js';
import { smallSyntheticStudy, startTestTemporal, tempDir, type TestTemporal } from '../helpers/temporal.js';

const STUDY_ID = 'enc-secret-cohort';
const FEATURES = '^(mask_volume_mm3|image_max)$';
const study = defineStudy({
  id: STUDY_ID,
  sites: ['north', 'south'],
  stages: [
    siteStage('inventory', 'image.inventory', {}, { shardSize: 8 }),
    federatedStage('zscore', 'harmonize.standardize', { from: 'inventory', features: FEATURES }, { after: ['inventory'] }),
  ],
});

const k1 = generateEncryptionKey();
const TOKEN = 'integration-codec-token';
const savedEnv = { keys: process.env.COHORTFLOW_ENCRYPTION_KEYS, file: process.env.COHORTFLOW_ENCRYPTION_KEY_FILE };

let temporal: TestTemporal;
let runtime: LocalRuntime;
let raw: Client;
let codecServer: CodecServer;
let workflowId: string;

interface Found { path: string; payload: Payload }

/** Every Payload in a history event tree, with the field path that leads to it. */
function payloadsIn(node: unknown, path: string, out: Found[]): Found[] {
  if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return out;
  const o = node as Record<string, unknown>;
  if (o.metadata && typeof o.metadata === 'object' && 'data' in o && (o.data == null || ArrayBuffer.isView(o.data))) {
    out.push({ path, payload: o as Payload });
    return out;
  }
  for (const [k, v] of Object.entries(o)) payloadsIn(v, `${path}.${k}`, out);
  return out;
}

async function allHistoryPayloads(client: Client): Promise<Found[]> {
  const found: Found[] = [];
  for await (const wf of client.workflow.list()) {
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    (history.events ?? []).forEach((e, i) => payloadsIn(e, `${wf.workflowId}#${i + 1}`, found));
  }
  return found;
}

const str = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array(0)).toString('utf8');

beforeAll(async () => {
  // Encryption is configured the way an operator does it: in the environment of every process.
  process.env.COHORTFLOW_ENCRYPTION_KEYS = `k1:${k1}`;
  delete process.env.COHORTFLOW_ENCRYPTION_KEY_FILE;
  temporal = await startTestTemporal();
  // A client WITHOUT the codec: it sees what the Temporal server stores.
  raw = new Client({ connection: temporal.client.connection, namespace: temporal.namespace });
  const { sites } = await smallSyntheticStudy({ cases: 8, sites: ['north', 'south'] });
  runtime = await startLocalRuntime({ address: temporal.address, namespace: temporal.namespace, sites, storeRoot: tempDir('enc-store'), gpu: false });
  codecServer = await startCodecServer({ codec: EncryptionCodec.fromEnv()!, port: 0, origins: ['http://127.0.0.1:8233'], token: TOKEN });
});

afterAll(async () => {
  await codecServer?.close();
  await runtime?.shutdown();
  await temporal?.stop();
  if (savedEnv.keys === undefined) delete process.env.COHORTFLOW_ENCRYPTION_KEYS;
  else process.env.COHORTFLOW_ENCRYPTION_KEYS = savedEnv.keys;
  if (savedEnv.file !== undefined) process.env.COHORTFLOW_ENCRYPTION_KEY_FILE = savedEnv.file;
});

describe('a study run with payload encryption on', () => {
  it('completes with the CLI client and the workers encrypting from the environment', async () => {
    const client = await connectClient({ address: temporal.address, namespace: temporal.namespace, embedded: false });
    const { handle, runId } = await startStudy(client, study, { runId: 'enc' });
    workflowId = handle.workflowId;
    const result = await followRun(handle);
    expect(result.status.state).toBe('completed');
    for (const st of result.status.stages) expect(st.state, st.name).toBe('done');
    expect(result.globals.zscore).toBeDefined();
    expect(runId).toBe('enc');
  });

  it('leaves only binary/encrypted payloads in every history, with no plaintext study id or params', async () => {
    // Visibility (the list of workflows) trails the histories by a moment: wait for the children.
    let found: Found[] = [];
    for (let i = 0; i < 25; i++) {
      found = await allHistoryPayloads(raw);
      if (new Set(found.map((f) => f.path.split('#')[0])).size >= 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Search attributes are indexed by the server and never pass through a codec (DESIGN: no PHI in them).
    const coded = found.filter((f) => !/\.searchAttributes\./.test(f.path));
    const workflows = new Set(coded.map((f) => f.path.split('#')[0]));
    expect(workflows.size).toBeGreaterThanOrEqual(3); // the study workflow and one child per site
    expect(coded.length).toBeGreaterThan(20);
    for (const { path, payload } of coded) {
      expect(str(payload.metadata!.encoding), path).toBe('binary/encrypted');
      expect(str(payload.metadata!['encryption-key-id']), path).toBe('k1');
      const data = Buffer.from(payload.data ?? new Uint8Array(0));
      for (const secret of [STUDY_ID, 'mask_volume_mm3', 'harmonize.standardize', 'json/plain']) expect(data.includes(secret), `${path} holds "${secret}"`).toBe(false);
    }
    // Without the codec the result cannot even be read.
    await expect(raw.workflow.getHandle(workflowId).result()).rejects.toThrow();
  });

  it('decodes the stored payloads back over HTTP through the codec server', async () => {
    const history = await raw.workflow.getHandle(workflowId).fetchHistory();
    const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads!;
    const res = await fetch(`${codecServer.url}/decode`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Namespace': temporal.namespace, Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ payloads: input.map((p) => payloadToJson(p as Payload)) }),
    });
    expect(res.status).toBe(200);
    const { payloads } = (await res.json()) as { payloads: JsonPayload[] };
    const arg = defaultPayloadConverter.fromPayload<{ spec: { id: string; stages: Array<{ params: { features?: string } }> }; runId: string }>(payloadFromJson(payloads[0], 0));
    expect(arg.spec.id).toBe(STUDY_ID);
    expect(arg.runId).toBe('enc');
    expect(arg.spec.stages[1].params.features).toBe(FEATURES);
    // The token guards it.
    const denied = await fetch(`${codecServer.url}/decode`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ payloads: [] }) });
    expect(denied.status).toBe(401);
  });

  it('lets the Temporal CLI show the decrypted history through --codec-endpoint', async () => {
    const cli = findTemporalCli({ install: false });
    // Asynchronously: the codec server answers from this process's event loop.
    const show = (extra: string[]) => promisify(execFile)(cli, ['workflow', 'show', '--address', temporal.address, '--namespace', temporal.namespace, '-w', workflowId, '--output', 'json', ...extra], { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 << 20 });
    const r = await show(['--codec-endpoint', codecServer.url, '--codec-auth', `Bearer ${TOKEN}`]);
    const inputOf = (stdout: string) => (JSON.parse(stdout) as { events: Array<{ workflowExecutionStartedEventAttributes: { input: { payloads: JsonPayload[] } } }> })
      .events[0].workflowExecutionStartedEventAttributes.input.payloads;
    // Proto JSON: metadata and data as base64 strings, now the plaintext JSON payload.
    const [shown] = inputOf(r.stdout);
    expect(Buffer.from(shown.metadata!.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(shown.data!, 'base64').toString()).spec.id).toBe(STUDY_ID);
    // Without the codec endpoint the CLI shows ciphertext only.
    const [stored] = inputOf((await show([])).stdout);
    expect(Buffer.from(stored.metadata!.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(stored.data!, 'base64').includes(STUDY_ID)).toBe(false);
  });

  it('reads the run\'s result after a key rotation, with the old key kept after the new one', async () => {
    const rotated = new EncryptionCodec(parseEncryptionKeys(`k2:${generateEncryptionKey()},k1:${k1}`, 'COHORTFLOW_ENCRYPTION_KEYS'));
    const client = new Client({ connection: temporal.client.connection, namespace: temporal.namespace, dataConverter: { payloadCodecs: [rotated] } });
    const result = await client.workflow.getHandle(workflowId).result();
    expect((result as { status: { state: string } }).status.state).toBe('completed');
  });

  it('encrypts failure messages too: a refused partial leaves no readable reason on the server', async () => {
    const strict = defineStudy({ ...study, id: 'enc-strict', settings: { minCount: 50 } });
    const client = await connectClient({ address: temporal.address, namespace: temporal.namespace, embedded: false });
    const { handle } = await startStudy(client, strict, { runId: 'refused' });
    // With the codec, the typed error comes back whole.
    await expect(followRun(handle)).rejects.toThrow();
    const decoded = await client.workflow.getHandle(handle.workflowId).result().catch((e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(String(decoded)).toMatch(/fewer than minCount 50/);
    // Without it, the history holds no plaintext reason anywhere.
    let text = '';
    for await (const wf of raw.workflow.list({ query: `WorkflowId STARTS_WITH '${handle.workflowId}'` })) {
      const h = await raw.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
      text += JSON.stringify(h.events, (_k, v) => (ArrayBuffer.isView(v) ? Buffer.from(v as Uint8Array).toString('utf8') : v));
    }
    expect(text).toContain('Encoded failure');
    expect(text).not.toContain('minCount');
  });
});
