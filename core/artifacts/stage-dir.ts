/**
 * One stage's folder in a site store: `<store>/<studyId>/<runId>/<stage>/` holding per-case
 * commits (`cases/<caseId>.json` + files), the stage table, `manifest.json`, `events.jsonl`
 * (every case start and commit: the audit of what ran when) and `egress.jsonl`.
 *
 * A case is committed when its row JSON exists: files are renamed into place first, the row last.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CaseResult, UpstreamCase } from '../plugin.js';
import { commitFile, writeFileAtomic } from './atomic-write.js';

export interface CaseCommit {
  caseId: string;
  row: Record<string, number | string | null>;
  /** File names (relative to the stage dir) by output name. */
  files: Record<string, string>;
  seconds: number;
}

export interface Quarantine {
  caseId: string;
  errorType: string;
  reason: string;
  file?: string;
}

export function stageDirPath(storeRoot: string, studyId: string, runId: string, stage: string): string {
  return join(storeRoot, studyId, runId, stage);
}

export class StageDir {
  constructor(readonly path: string) {
    mkdirSync(join(path, 'cases'), { recursive: true });
  }

  private rowPath(caseId: string) { return join(this.path, 'cases', `${caseId}.json`); }
  private quarantinePath(caseId: string) { return join(this.path, 'cases', `${caseId}.quarantine.json`); }

  isCommitted(caseId: string): boolean {
    return existsSync(this.rowPath(caseId)) || existsSync(this.quarantinePath(caseId));
  }

  readCommit(caseId: string): CaseCommit | null {
    const p = this.rowPath(caseId);
    return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as CaseCommit) : null;
  }

  readQuarantine(caseId: string): Quarantine | null {
    const p = this.quarantinePath(caseId);
    return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Quarantine) : null;
  }

  /** Upstream view for a downstream stage: row plus absolute file paths. */
  upstreamCase(caseId: string): UpstreamCase | null {
    const c = this.readCommit(caseId);
    if (!c) return null;
    return { row: c.row, files: Object.fromEntries(Object.entries(c.files).map(([k, f]) => [k, join(this.path, f)])) };
  }

  /** A temp path for an output file; it lives inside the stage dir so the rename stays atomic. */
  tempFile(caseId: string, name: string, ext: string): string {
    // A unique folder keeps the real extension last: writers pick the format (and gzip) from it.
    const dir = join(this.path, 'cases', '.tmp', `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
    mkdirSync(dir, { recursive: true });
    return join(dir, `${caseId}.${name}${ext}`);
  }

  commitCase(caseId: string, result: CaseResult, seconds: number): CaseCommit {
    const files: Record<string, string> = {};
    for (const [name, tmp] of Object.entries(result.files ?? {})) {
      const rel = join('cases', basename(tmp));
      commitFile(tmp, join(this.path, rel));
      files[name] = rel;
    }
    const commit: CaseCommit = { caseId, row: result.row, files, seconds };
    writeFileAtomic(this.rowPath(caseId), JSON.stringify(commit));
    return commit;
  }

  quarantineCase(q: Quarantine): void {
    writeFileAtomic(this.quarantinePath(q.caseId), JSON.stringify(q));
  }

  /** Removes temp files of a case whose processing was interrupted. */
  clearTemp(): void {
    rmSync(join(this.path, 'cases', '.tmp'), { recursive: true, force: true });
  }

  event(e: Record<string, unknown>): void {
    appendFileSync(join(this.path, 'events.jsonl'), JSON.stringify({ time: new Date().toISOString(), ...e }) + '\n');
  }

  events(): Record<string, unknown>[] {
    const p = join(this.path, 'events.jsonl');
    if (!existsSync(p)) return [];
    return readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  }

  committedCaseIds(): string[] {
    return readdirSync(join(this.path, 'cases')).filter((f) => f.endsWith('.json') && !f.endsWith('.quarantine.json')).map((f) => f.slice(0, -5));
  }
}
