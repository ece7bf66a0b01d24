/**
 * A CaseContext over a temp folder, for calling site plugins directly (as the CLI does): outputs go
 * to `<dir>/<case>.<name><ext>`, heartbeats are recorded. The activity provides the durable one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { CaseContext, UpstreamCase } from '../../../core/plugin.js';

export interface TestCase {
  ctx: CaseContext;
  dir: string;
  heartbeats: Record<string, unknown>[];
}

export function caseContext(caseId: string, files: Record<string, string>, upstream: Record<string, UpstreamCase> = {}): TestCase {
  const dir = mkdtempSync(join(tmpdir(), 'cf-case-'));
  const heartbeats: Record<string, unknown>[] = [];
  const ctx: CaseContext = {
    site: 'test',
    stage: 'seg',
    case: { caseId, fields: {}, files },
    input(stage) {
      const up = upstream[stage];
      if (!up) throw new Error(`no upstream stage ${stage}`);
      return up;
    },
    outputFile: (name, ext) => join(dir, `${caseId}.${name}${ext}`),
    log: pino({ level: 'silent' }),
    signal: new AbortController().signal,
    heartbeat: (d) => heartbeats.push(d ?? {}),
  };
  return { ctx, dir, heartbeats };
}
