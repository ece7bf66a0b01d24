/**
 * The cross-run cache. key = sha256(plugin id, plugin version, canonical params, input artifact
 * hashes, dataset manifest hash). A committed stage output is recorded under its key; a later run
 * with the same key links those files into its own stage folder instead of recomputing.
 */
import { existsSync, linkSync, mkdirSync, copyFileSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, sha256 } from './hash.js';
import { writeFileAtomic } from './atomic-write.js';

export interface CacheKeyParts {
  pluginId: string;
  pluginVersion: string;
  params: unknown;
  inputs: Record<string, string>;
  dataset: string;
  /** The site stage's case subset, when one is set. */
  extra?: unknown;
}

export function cacheKey(parts: CacheKeyParts): string {
  return sha256(canonicalJson(parts));
}

const indexPath = (storeRoot: string, key: string) => join(storeRoot, '.cache', `${key}.json`);

export function lookupCache(storeRoot: string, key: string): string | null {
  const p = indexPath(storeRoot, key);
  if (!existsSync(p)) return null;
  const { stageDir } = JSON.parse(readFileSync(p, 'utf8')) as { stageDir: string };
  return existsSync(join(stageDir, 'manifest.json')) ? stageDir : null;
}

export function recordCache(storeRoot: string, key: string, stageDir: string): void {
  writeFileAtomic(indexPath(storeRoot, key), JSON.stringify({ stageDir }));
}

/** Hard-links (or copies across devices) every file of a cached stage folder into `to`. */
export function linkTree(from: string, to: string, skip: (name: string) => boolean = () => false): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (skip(name)) continue;
    const src = join(from, name);
    const dst = join(to, name);
    if (statSync(src).isDirectory()) { linkTree(src, dst, skip); continue; }
    if (existsSync(dst)) continue;
    try { linkSync(src, dst); } catch { copyFileSync(src, dst); }
  }
}
