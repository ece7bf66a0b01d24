/**
 * Payload encryption: an AES-256-GCM `PayloadCodec`. Every payload a client or worker sends to
 * Temporal (workflow inputs and results, activity arguments and results, signals, queries,
 * heartbeats) is serialized as a `temporal.api.common.v1.Payload` protobuf (metadata and data),
 * encrypted with the active key, and replaced by
 *
 *   metadata: { encoding: "binary/encrypted", "encryption-key-id": "<id>" }
 *   data:     12-byte random IV ‖ ciphertext ‖ 16-byte GCM tag
 *
 * (the layout WebCrypto's AES-GCM produces, and the convention of Temporal's encryption samples).
 * Payloads with another encoding pass through `decode` unchanged, so histories written before
 * encryption was turned on stay readable.
 *
 * Keys come from `COHORTFLOW_ENCRYPTION_KEYS` (`k2:<base64 of 32 bytes>,k1:<…>`) or from the file
 * named by `COHORTFLOW_ENCRYPTION_KEY_FILE` (the same entries, separated by commas or new lines,
 * `#` starts a comment). The first key is the active one (it encrypts); every listed key decrypts,
 * so rotating is: put the new key first and keep the old ones after it.
 *
 * The codec runs outside the workflow sandbox (in the client and in the worker's main thread); the
 * workflow bundle needs nothing.
 */
import { fileURLToPath } from 'node:url';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import protobuf from 'protobufjs/minimal.js';
import { CohortflowError } from '../errors.js';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_ENCRYPTION_KEY_ID = 'encryption-key-id';
export const KEYS_ENV = 'COHORTFLOW_ENCRYPTION_KEYS';
export const KEY_FILE_ENV = 'COHORTFLOW_ENCRYPTION_KEY_FILE';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The encryption keys are misconfigured (malformed entry, wrong length, duplicate id, unreadable file). */
export class EncryptionKeyError extends CohortflowError {}
/** A payload names a key id that is not among the loaded keys (or names none). */
export class UnknownEncryptionKeyError extends CohortflowError {}
/** A payload fails AES-GCM authentication: it was modified, truncated, or encrypted with another key of that id. */
export class PayloadTamperedError extends CohortflowError {}

export interface EncryptionKeys {
  /** Key id → 32-byte key. */
  keys: Map<string, Buffer>;
  /** The id of the key that encrypts (the first listed). */
  activeKeyId: string;
  /** Where the keys came from, for error messages (`COHORTFLOW_ENCRYPTION_KEYS` or `file <path>`). */
  source: string;
}

/**
 * Parses `id:base64` entries separated by commas or new lines (`#` starts a comment). The first
 * entry is the active key. Throws `EncryptionKeyError` naming the entry and the source.
 */
export function parseEncryptionKeys(text: string, source: string, file?: string): EncryptionKeys {
  const keys = new Map<string, Buffer>();
  const entries = text.split('\n').map((l) => l.replace(/#.*$/, '')).join(',').split(',').map((e) => e.trim()).filter(Boolean);
  const where = file ? { file } : {};
  const how = `Each entry is <id>:<base64 of ${KEY_BYTES} random bytes>, e.g. k1:$(openssl rand -base64 ${KEY_BYTES}); the first entry encrypts`;
  if (entries.length === 0) throw new EncryptionKeyError(`${source} holds no encryption key`, where, how);
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon).trim();
    const b64 = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) {
      throw new EncryptionKeyError(`entry ${i + 1} of ${source} has ${id ? `an invalid key id "${id}"` : 'no key id'}`, where, `${how}; ids use letters, digits, ".", "_" or "-" (at most 64)`);
    }
    if (keys.has(id)) throw new EncryptionKeyError(`key id "${id}" appears twice in ${source}`, where, 'Give every key its own id; keep each retired key once, after the active one');
    const key = Buffer.from(b64, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || key.toString('base64').replace(/=+$/, '') !== b64.replace(/=+$/, '')) {
      throw new EncryptionKeyError(`key "${id}" in ${source} is not valid base64`, where, how);
    }
    if (key.length !== KEY_BYTES) {
      throw new EncryptionKeyError(`key "${id}" in ${source} is ${key.length} bytes; AES-256-GCM needs exactly ${KEY_BYTES}`, where, how);
    }
    keys.set(id, key);
  }
  return { keys, activeKeyId: keys.keys().next().value as string, source };
}

/**
 * The keys configured in the environment, or undefined when encryption is off (neither
 * `COHORTFLOW_ENCRYPTION_KEYS` nor `COHORTFLOW_ENCRYPTION_KEY_FILE` set).
 */
export function loadEncryptionKeys(env: NodeJS.ProcessEnv = process.env): EncryptionKeys | undefined {
  const inline = env[KEYS_ENV]?.trim();
  const file = env[KEY_FILE_ENV]?.trim();
  if (inline && file) {
    throw new EncryptionKeyError(`both ${KEYS_ENV} and ${KEY_FILE_ENV} are set`, { file }, 'Set only one of them, so that there is one list of keys and one active key');
  }
  if (inline) return parseEncryptionKeys(inline, KEYS_ENV);
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new EncryptionKeyError(`cannot read the key file named by ${KEY_FILE_ENV} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file }, `Point ${KEY_FILE_ENV} to a readable file of <id>:<base64> entries, or unset it`);
  }
  return parseEncryptionKeys(text, `file ${file}`, file);
}

/** A fresh random key, base64 (what goes after `<id>:`). */
export function generateEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

export class EncryptionCodec implements PayloadCodec {
  readonly activeKeyId: string;
  readonly source: string;
  private readonly keys: Map<string, Buffer>;
  private readonly activeKeyIdBytes: Uint8Array;

  constructor(keys: EncryptionKeys) {
    if (!keys.keys.has(keys.activeKeyId)) throw new EncryptionKeyError(`the active key id "${keys.activeKeyId}" is not among the keys of ${keys.source}`, {}, 'List the active key first');
    for (const [id, k] of keys.keys) {
      if (k.length !== KEY_BYTES) throw new EncryptionKeyError(`key "${id}" in ${keys.source} is ${k.length} bytes; AES-256-GCM needs exactly ${KEY_BYTES}`, {}, 'Use a key of 32 random bytes');
    }
    this.keys = new Map(keys.keys);
    this.activeKeyId = keys.activeKeyId;
    this.source = keys.source;
    this.activeKeyIdBytes = Buffer.from(keys.activeKeyId, 'utf8');
  }

  /** The codec for the environment's keys, or undefined when encryption is off. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): EncryptionCodec | undefined {
    const keys = loadEncryptionKeys(env);
    return keys && new EncryptionCodec(keys);
  }

  /** Ids of every key that decrypts, the active one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encrypt(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p, i) => this.decrypt(p, i));
  }

  encrypt(payload: Payload): Payload {
    const key = this.keys.get(this.activeKeyId)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    const body = Buffer.concat([cipher.update(serializePayload(payload)), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [METADATA_ENCRYPTION_KEY_ID]: this.activeKeyIdBytes,
      },
      data: Buffer.concat([iv, body, cipher.getAuthTag()]),
    };
  }

  /** Decrypts one payload; a payload that is not `binary/encrypted` is returned as is. */
  decrypt(payload: Payload, index = 0): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || Buffer.from(encoding).toString('utf8') !== ENCRYPTED_ENCODING) return payload;
    const idBytes = payload.metadata?.[METADATA_ENCRYPTION_KEY_ID];
    const keyId = idBytes ? Buffer.from(idBytes).toString('utf8') : '';
    const which = `payload ${index + 1}${keyId ? ` (encryption-key-id "${keyId}")` : ''}`;
    if (!keyId) {
      throw new UnknownEncryptionKeyError(`${which} is ${ENCRYPTED_ENCODING} but has no ${METADATA_ENCRYPTION_KEY_ID} metadata`, {}, 'It was not written by this codec, or its metadata was stripped; it cannot be decrypted');
    }
    const key = this.keys.get(keyId);
    if (!key) {
      throw new UnknownEncryptionKeyError(
        `${which} was encrypted with key "${keyId}", which is not among the keys of ${this.source} (${this.keyIds.join(', ')})`, {},
        `Add "${keyId}:<its base64>" after the active key in ${this.source} (retired keys must stay listed while histories encrypted with them are read)`,
      );
    }
    const data = payload.data ? Buffer.from(payload.data) : Buffer.alloc(0);
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadTamperedError(`${which} holds ${data.length} bytes, fewer than an AES-GCM IV and tag (${IV_BYTES + TAG_BYTES}): it is truncated`, {}, 'The stored payload was modified; it cannot be trusted or decrypted');
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv(ALGORITHM, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadTamperedError(
        `${which} fails AES-256-GCM authentication: it was modified after encryption, or encrypted with a different key that has the same id`, {},
        `Check that key "${keyId}" has the same value at every client, worker and codec server; a modified payload cannot be trusted or decrypted`,
      );
    }
    try {
      return deserializePayload(plain);
    } catch (e) {
      throw new PayloadTamperedError(`${which} decrypts but is not a Temporal Payload (${(e as Error).message})`, {}, 'It was not written by this codec');
    }
  }
}

/**
 * The data converter for clients and workers: the encryption codec when keys are configured
 * (see `loadEncryptionKeys`), else undefined (the SDK's default, no encryption).
 */
/** Encodes failure messages and stacks as payloads, so the codec encrypts them too. */
export const encryptedFailureConverterPath = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

export function encryptionDataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter | undefined {
  const codec = EncryptionCodec.fromEnv(env);
  return codec && { payloadCodecs: [codec], failureConverterPath: encryptedFailureConverterPath };
}

// temporal.api.common.v1.Payload: map<string, bytes> metadata = 1; bytes data = 2;
// repeated ExternalPayloadDetails external_payloads = 3 (int64 size_bytes = 1). The non-delimited
// protobuf encoding, as the Go and Python encryption samples use.
function serializePayload(p: Payload): Uint8Array {
  const w = protobuf.Writer.create();
  for (const [k, v] of Object.entries(p.metadata ?? {})) {
    if (v == null) continue;
    w.uint32((1 << 3) | 2).fork().uint32((1 << 3) | 2).string(k).uint32((2 << 3) | 2).bytes(v).ldelim();
  }
  if (p.data && p.data.length) w.uint32((2 << 3) | 2).bytes(p.data);
  for (const ext of p.externalPayloads ?? []) {
    w.uint32((3 << 3) | 2).fork();
    if (ext.sizeBytes != null) w.uint32((1 << 3) | 0).int64(ext.sizeBytes as unknown as number);
    w.ldelim();
  }
  return w.finish();
}

function deserializePayload(buf: Uint8Array): Payload {
  const r = protobuf.Reader.create(buf);
  const metadata: Record<string, Uint8Array> = {};
  const out: Payload = { metadata };
  while (r.pos < r.len) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) {
      const end = r.uint32() + r.pos;
      let key = '';
      let value: Uint8Array = new Uint8Array(0);
      while (r.pos < end) {
        const t = r.uint32();
        if (t >>> 3 === 1) key = r.string();
        else if (t >>> 3 === 2) value = r.bytes();
        else r.skipType(t & 7);
      }
      metadata[key] = value;
    } else if (field === 2 && (tag & 7) === 2) {
      out.data = r.bytes();
    } else if (field === 3 && (tag & 7) === 2) {
      const end = r.uint32() + r.pos;
      const ext: NonNullable<Payload['externalPayloads']>[number] = {};
      while (r.pos < end) {
        const t = r.uint32();
        if (t >>> 3 === 1) ext.sizeBytes = r.int64() as unknown as typeof ext.sizeBytes;
        else r.skipType(t & 7);
      }
      (out.externalPayloads ??= []).push(ext);
    } else {
      r.skipType(tag & 7);
    }
  }
  return out;
}
