/**
 * The AES-256-GCM payload codec: round trips, tamper detection, key rotation, key configuration
 * errors, and the inner serialization (the Temporal Payload protobuf, as the other SDKs' samples use).
 */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import proto from '@temporalio/proto';
import {
  EncryptionCodec, EncryptionKeyError, PayloadTamperedError, UnknownEncryptionKeyError,
  encryptionDataConverter, generateEncryptionKey, loadEncryptionKeys, parseEncryptionKeys,
} from '../../../core/temporal/encryption-codec.js';
import { tempDir } from '../../helpers/temporal.js';

const key1 = generateEncryptionKey();
const key2 = generateEncryptionKey();
const codecOf = (spec: string) => new EncryptionCodec(parseEncryptionKeys(spec, 'COHORTFLOW_ENCRYPTION_KEYS'));
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array(0)).toString('utf8');
const studyInput = { spec: { id: 'lung-secret-study', sites: ['north'] }, runId: 'r1', params: { features: '^glcm_' } };

describe('the AES-256-GCM payload codec', () => {
  it('round-trips a JSON payload, metadata included, and hides the plaintext', async () => {
    const codec = codecOf(`k1:${key1}`);
    const plain = defaultPayloadConverter.toPayload(studyInput);
    const [enc] = await codec.encode([plain]);
    expect(text(enc.metadata!.encoding)).toBe('binary/encrypted');
    expect(text(enc.metadata!['encryption-key-id'])).toBe('k1');
    expect(Object.keys(enc.metadata!).sort()).toEqual(['encoding', 'encryption-key-id']);
    expect(Buffer.from(enc.data!).includes('lung-secret-study')).toBe(false);
    expect(Buffer.from(enc.data!).includes('json/plain')).toBe(false);
    // 12-byte IV + ciphertext (the serialized inner payload) + 16-byte tag.
    expect(enc.data!.length).toBeGreaterThan(plain.data!.length + 28);
    const [dec] = await codec.decode([enc]);
    expect(text(dec.metadata!.encoding)).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(dec)).toEqual(studyInput);
  });

  it('round-trips empty, binary and many payloads at once, in order', async () => {
    const codec = codecOf(`k1:${key1}`);
    const payloads: Payload[] = [
      defaultPayloadConverter.toPayload(undefined),
      defaultPayloadConverter.toPayload(new Uint8Array([0, 1, 2, 255])),
      ...Array.from({ length: 20 }, (_, i) => defaultPayloadConverter.toPayload({ i, s: 'x'.repeat(i * 100) })),
    ];
    const dec = await codec.decode(await codec.encode(payloads));
    expect(dec.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(payloads.map((p) => defaultPayloadConverter.fromPayload(p)));
    expect(await codec.encode([])).toEqual([]);
  });

  it('draws a fresh IV for every payload, so equal inputs give different ciphertexts', async () => {
    const codec = codecOf(`k1:${key1}`);
    const p = defaultPayloadConverter.toPayload(studyInput);
    const [a, b] = await codec.encode([p, p]);
    expect(Buffer.from(a.data!).subarray(0, 12).equals(Buffer.from(b.data!).subarray(0, 12))).toBe(false);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('encrypts the Temporal Payload protobuf, so other SDKs\' codecs can read what it writes', async () => {
    const { Payload: PayloadMessage } = proto.temporal.api.common.v1;
    const codec = codecOf(`k1:${key1}`);
    const p = defaultPayloadConverter.toPayload(studyInput);
    const [enc] = await codec.encode([p]);
    // Decrypt by hand (IV ‖ ciphertext ‖ tag) and parse with the SDK's own protobuf classes.
    const { createDecipheriv } = await import('node:crypto');
    const data = Buffer.from(enc.data!);
    const d = createDecipheriv('aes-256-gcm', Buffer.from(key1, 'base64'), data.subarray(0, 12));
    d.setAuthTag(data.subarray(data.length - 16));
    const inner = Buffer.concat([d.update(data.subarray(12, data.length - 16)), d.final()]);
    expect(Buffer.from(inner).equals(Buffer.from(PayloadMessage.encode(p).finish()))).toBe(true);
    const parsed = PayloadMessage.decode(inner);
    expect(text(parsed.data)).toBe(text(p.data));
  });

  it('passes payloads that are not encrypted through decode unchanged', async () => {
    const codec = codecOf(`k1:${key1}`);
    const plain = defaultPayloadConverter.toPayload({ before: 'encryption was on' });
    const [out] = await codec.decode([plain]);
    expect(out).toBe(plain);
  });

  it('detects a flipped bit in the ciphertext, the IV or the tag, and a truncated payload', async () => {
    const codec = codecOf(`k1:${key1}`);
    const [enc] = await codec.encode([defaultPayloadConverter.toPayload(studyInput)]);
    const n = enc.data!.length;
    for (const at of [0, 11, 12, Math.floor(n / 2), n - 17, n - 1]) {
      const data = Buffer.from(enc.data!);
      data[at] ^= 0x01;
      await expect(codec.decode([{ ...enc, data }]), `byte ${at}`).rejects.toThrow(PayloadTamperedError);
    }
    await expect(codec.decode([{ ...enc, data: Buffer.from(enc.data!).subarray(0, 20) }])).rejects.toThrow(/truncated/);
    const err = await codec.decode([enc, { ...enc, data: Buffer.from(enc.data!).subarray(0, n - 1) }]).catch((e: Error) => e);
    expect(err).toBeInstanceOf(PayloadTamperedError);
    expect((err as Error).message).toMatch(/payload 2 \(encryption-key-id "k1"\) fails AES-256-GCM authentication/);
    expect((err as Error).message).toMatch(/same value at every client, worker and codec server/);
  });

  it('rejects a payload encrypted with a different key under the same id', async () => {
    const [enc] = await codecOf(`k1:${key1}`).encode([defaultPayloadConverter.toPayload(studyInput)]);
    await expect(codecOf(`k1:${key2}`).decode([enc])).rejects.toThrow(PayloadTamperedError);
  });

  it('rotates keys: the first key encrypts, older keys still decrypt', async () => {
    const before = codecOf(`k1:${key1}`);
    const after = codecOf(`k2:${key2}, k1:${key1}`);
    expect(after.activeKeyId).toBe('k2');
    expect(after.keyIds).toEqual(['k2', 'k1']);
    const [old] = await before.encode([defaultPayloadConverter.toPayload('written before rotation')]);
    const [fresh] = await after.encode([defaultPayloadConverter.toPayload('written after rotation')]);
    expect(text(fresh.metadata!['encryption-key-id'])).toBe('k2');
    const dec = await after.decode([old, fresh]);
    expect(dec.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['written before rotation', 'written after rotation']);
    // A process still on the old key list cannot read the new key's payloads, and says which key it lacks.
    await expect(before.decode([fresh])).rejects.toThrow(UnknownEncryptionKeyError);
  });

  it('names an unknown key id, the loaded ids and the fix', async () => {
    const [enc] = await codecOf(`k9:${key1}`).encode([defaultPayloadConverter.toPayload(1)]);
    const err = await codecOf(`k1:${key1},k0:${key2}`).decode([enc]).catch((e: Error) => e);
    expect(err).toBeInstanceOf(UnknownEncryptionKeyError);
    expect((err as Error).message).toMatch(/encrypted with key "k9", which is not among the keys of COHORTFLOW_ENCRYPTION_KEYS \(k1, k0\)/);
    expect((err as Error).message).toMatch(/Add "k9:<its base64>" after the active key/);
    const noId = { metadata: { encoding: enc.metadata!.encoding }, data: enc.data };
    await expect(codecOf(`k1:${key1}`).decode([noId])).rejects.toThrow(/has no encryption-key-id metadata/);
  });
});

describe('encryption key configuration', () => {
  it('is off when neither variable is set', () => {
    expect(loadEncryptionKeys({})).toBeUndefined();
    expect(encryptionDataConverter({})).toBeUndefined();
    expect(EncryptionCodec.fromEnv({})).toBeUndefined();
  });

  it('builds a data converter with the codec from COHORTFLOW_ENCRYPTION_KEYS', () => {
    const dc = encryptionDataConverter({ COHORTFLOW_ENCRYPTION_KEYS: `k1:${key1}` });
    expect(dc?.payloadCodecs).toHaveLength(1);
    expect((dc!.payloadCodecs![0] as EncryptionCodec).activeKeyId).toBe('k1');
  });

  it('reads a key file with comments and one key per line, the first active', async () => {
    const file = join(tempDir('keys'), 'keys.txt');
    writeFileSync(file, `# rotated 2026-11\nk3:${key2}\n\nk1:${key1}  # retired\n`);
    const keys = loadEncryptionKeys({ COHORTFLOW_ENCRYPTION_KEY_FILE: file })!;
    expect(keys.activeKeyId).toBe('k3');
    expect([...keys.keys.keys()]).toEqual(['k3', 'k1']);
    expect(keys.source).toBe(`file ${file}`);
  });

  it('rejects a key of the wrong length, saying how long it is and how to make one', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => parseEncryptionKeys(`k1:${key1},k2:${short}`, 'COHORTFLOW_ENCRYPTION_KEYS')).toThrow(EncryptionKeyError);
    expect(() => parseEncryptionKeys(`k1:${key1},k2:${short}`, 'COHORTFLOW_ENCRYPTION_KEYS'))
      .toThrow(/key "k2" in COHORTFLOW_ENCRYPTION_KEYS is 16 bytes; AES-256-GCM needs exactly 32.*openssl rand -base64 32/);
    expect(() => new EncryptionCodec({ keys: new Map([['k1', randomBytes(24)]]), activeKeyId: 'k1', source: 'test' })).toThrow(/24 bytes/);
  });

  it('rejects malformed entries: no id, bad base64, duplicate ids, nothing at all', () => {
    expect(() => parseEncryptionKeys(key1, 'X')).toThrow(/entry 1 of X has (no key id|an invalid key id)/);
    expect(() => parseEncryptionKeys('k1:not base64!!', 'X')).toThrow(/not valid base64/);
    expect(() => parseEncryptionKeys(`k1:${key1},k1:${key2}`, 'X')).toThrow(/appears twice/);
    expect(() => parseEncryptionKeys(' , \n# only a comment', 'X')).toThrow(/holds no encryption key/);
  });

  it('refuses both variables at once, and names an unreadable key file', () => {
    expect(() => loadEncryptionKeys({ COHORTFLOW_ENCRYPTION_KEYS: `k1:${key1}`, COHORTFLOW_ENCRYPTION_KEY_FILE: '/x' })).toThrow(/both COHORTFLOW_ENCRYPTION_KEYS and COHORTFLOW_ENCRYPTION_KEY_FILE/);
    expect(() => loadEncryptionKeys({ COHORTFLOW_ENCRYPTION_KEY_FILE: '/nonexistent/keys.txt' })).toThrow(/file \/nonexistent\/keys.txt: cannot read the key file.*ENOENT/);
  });
});
