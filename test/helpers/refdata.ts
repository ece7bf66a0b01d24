/**
 * Where conformance tests find the reference data: ../shared/refdata beside the repository.
 * When it is absent (a clone outside this setup), conformance suites skip with a visible notice.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const refdataDir = process.env.COHORTFLOW_REFDATA ?? resolve(repoRoot, '../shared/refdata');

export function refdataPath(...parts: string[]): string {
  return resolve(refdataDir, ...parts);
}

/** `describe` when the named refdata folder exists, else a skipped suite that says why. */
export function describeWithRefdata(folder: string): typeof describe | typeof describe.skip {
  if (existsSync(refdataPath(folder))) return describe;
  console.warn(`[conformance] skipped: ${refdataPath(folder)} is absent (reference data lives in ../shared/refdata)`);
  return describe.skip;
}
