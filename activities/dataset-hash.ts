/**
 * The dataset manifest hash of a site: cases.csv and every file it names, by content. File hashes
 * are remembered per (path, size, mtime) so a worker hashes each image once.
 */
import { statSync } from 'node:fs';
import { casesFile, readCases } from '../core/site-data.js';
import { canonicalJson, sha256, sha256File } from '../core/artifacts/hash.js';

const fileHashes = new Map<string, string>();

function hashFile(path: string): string {
  let key: string;
  try {
    const s = statSync(path);
    key = `${path}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
  let h = fileHashes.get(key);
  if (!h) {
    h = sha256File(path);
    fileHashes.set(key, h);
  }
  return h;
}

export function datasetHash(site: string, siteDir: string): string {
  const cases = readCases(site, siteDir);
  const files = cases.flatMap((c) => Object.values(c.files)).sort();
  return sha256(canonicalJson({ cases: hashFile(casesFile(siteDir)), files: files.map(hashFile) }));
}
