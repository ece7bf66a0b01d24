/**
 * Atomic file commits: write to a temp name in the same folder, fsync, rename. A reader (or a
 * worker restarted after SIGKILL) sees either the old file or the whole new one, never a part.
 * The folder itself is not fsynced: after a power loss a rename may be lost, which only means the
 * case counts as uncommitted and is redone; the file fsync guarantees a renamed file is whole.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const fd = openSync(tmp, 'w');
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Moves an already written temp file into place, durably. */
export function commitFile(tmp: string, path: string): void {
  const fd = openSync(tmp, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
  mkdirSync(dirname(path), { recursive: true });
  renameSync(tmp, path);
}
