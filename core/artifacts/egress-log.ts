/**
 * The egress log: every payload that leaves a site (partials, summaries) is appended to the
 * stage's `egress.jsonl` with its size, hash and shape, so a site can audit what it shared.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, sha256 } from './hash.js';

export interface EgressEntry {
  time: string;
  stage: string;
  round: number | null;
  kind: 'partial' | 'summary' | 'apply-summary';
  bytes: number;
  sha256: string;
  /** Each value's shape: a number is [], a vector [n], a matrix [n, m]. */
  shape: Record<string, number[]>;
}

export function shapeOf(value: unknown): number[] {
  if (Array.isArray(value)) return value.length && Array.isArray(value[0]) ? [value.length, (value[0] as unknown[]).length] : [value.length];
  return [];
}

export function logEgress(stageDirPath: string, stage: string, round: number | null, kind: EgressEntry['kind'], payload: Record<string, unknown>): EgressEntry {
  const text = canonicalJson(payload);
  const entry: EgressEntry = {
    time: new Date().toISOString(),
    stage,
    round,
    kind,
    bytes: Buffer.byteLength(text),
    sha256: sha256(text),
    shape: Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, shapeOf(v)])),
  };
  mkdirSync(stageDirPath, { recursive: true });
  appendFileSync(join(stageDirPath, 'egress.jsonl'), JSON.stringify(entry) + '\n');
  return entry;
}
