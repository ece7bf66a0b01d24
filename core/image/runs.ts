/**
 * Runs of one value in a voxel buffer. Masks are mostly background: the native `indexOf` skips it several times
 * faster than a JS loop over every voxel, and the foreground is then handled a run at a time.
 */
import type { VoxelArray } from './image.js';

/** Calls `fn(start, end)` for every maximal run [start, end) of voxels equal to `value`, in order. */
export function forEachRun(data: VoxelArray, value: number, fn: (start: number, end: number) => void): void {
  const n = data.length;
  let i = data.indexOf(value);
  while (i !== -1) {
    const start = i;
    while (i < n && data[i] === value) i++;
    fn(start, i);
    i = i < n ? data.indexOf(value, i) : -1;
  }
}

/** Calls `fn(start, end)` for every maximal run [start, end) of non-zero voxels, in order. */
export function forEachNonZeroRun(data: ArrayLike<number>, fn: (start: number, end: number) => void): void {
  const n = data.length;
  let i = 0;
  while (i < n) {
    while (i < n && data[i] === 0) i++;
    if (i === n) return;
    const start = i;
    while (i < n && data[i] !== 0) i++;
    fn(start, i);
  }
}
