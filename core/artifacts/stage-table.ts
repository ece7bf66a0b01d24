/**
 * Closes a site stage: gathers the committed case rows into `<stage>.parquet` (case_id first),
 * the quarantined cases into `quarantine.parquet`, and writes `manifest.json` with hashes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromRows, type Table } from '../tables/table.js';
import { writeParquet } from '../tables/parquet.js';
import { writeFileAtomic } from './atomic-write.js';
import { sha256 } from './hash.js';
import type { Quarantine, StageDir } from './stage-dir.js';

export interface ArtifactRef {
  uri: string;
  sha256: string;
  bytes: number;
}

export interface StageManifest {
  studyId: string;
  runId: string;
  stage: string;
  site: string;
  plugin: { id: string; version: string };
  params: unknown;
  cacheKey: string;
  cachedFrom?: string;
  inputs: Record<string, string>;
  dataset: string;
  outputs: { table: ArtifactRef; quarantine?: ArtifactRef; qc?: ArtifactRef };
  cases: { total: number; committed: number; quarantined: number };
  timings: { startedAt: string; finishedAt: string; caseSeconds: number };
}

export function buildStageTable(dir: StageDir, caseIds: string[]): { table: Table; quarantined: Quarantine[]; caseSeconds: number } {
  const rows: Record<string, unknown>[] = [];
  const quarantined: Quarantine[] = [];
  let caseSeconds = 0;
  for (const id of caseIds) {
    const c = dir.readCommit(id);
    if (c) {
      rows.push({ case_id: id, ...c.row });
      caseSeconds += c.seconds;
      continue;
    }
    const q = dir.readQuarantine(id);
    if (q) quarantined.push(q);
    else throw new Error(`case ${id} has neither a commit nor a quarantine record in ${dir.path}`);
  }
  const names = ['case_id', ...new Set(rows.flatMap((r) => Object.keys(r)).filter((k) => k !== 'case_id'))];
  return { table: tableFromRows(rows, names), quarantined, caseSeconds };
}

function ref(path: string, bytes: Uint8Array): ArtifactRef {
  return { uri: `file://${path}`, sha256: sha256(bytes), bytes: bytes.length };
}

export function writeStageOutputs(dir: StageDir, stage: string, caseIds: string[]): { table: ArtifactRef; quarantine?: ArtifactRef; qc?: ArtifactRef; committed: number; quarantined: Quarantine[]; caseSeconds: number } {
  const { table, quarantined, caseSeconds } = buildStageTable(dir, caseIds);
  const tablePath = join(dir.path, `${stage}.parquet`);
  const out: ReturnType<typeof writeStageOutputs> = { table: ref(tablePath, writeParquet(table, tablePath)), committed: caseIds.length - quarantined.length, quarantined, caseSeconds };
  // QC columns (segmentation Dice, HD95, flags…) are also gathered in qc.parquet for review.
  const qcNames = table.names.filter((n) => n.startsWith('qc_'));
  if (qcNames.length) {
    const qcPath = join(dir.path, 'qc.parquet');
    out.qc = ref(qcPath, writeParquet({ names: ['case_id', ...qcNames], columns: Object.fromEntries(['case_id', ...qcNames].map((n) => [n, table.columns[n]])) }, qcPath));
  }
  if (quarantined.length) {
    const qPath = join(dir.path, 'quarantine.parquet');
    const qTable = tableFromRows(quarantined.map((q) => ({ case_id: q.caseId, error_type: q.errorType, reason: q.reason, file: q.file ?? '' })), ['case_id', 'error_type', 'reason', 'file']);
    out.quarantine = ref(qPath, writeParquet(qTable, qPath));
  }
  return out;
}

export function writeManifest(dir: StageDir, m: StageManifest): void {
  writeFileAtomic(join(dir.path, 'manifest.json'), JSON.stringify(m, null, 2));
}

export function readManifest(stageDirPath: string): StageManifest | null {
  const p = join(stageDirPath, 'manifest.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as StageManifest) : null;
}
