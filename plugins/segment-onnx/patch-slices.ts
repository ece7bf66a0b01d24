/**
 * Window start positions, as MONAI `_get_scan_interval` + `dense_patch_slices`: a step of
 * ⌊roi·(1 − overlap)⌋ (at least 1; the full roi when it spans the axis), enough windows to reach
 * the end, and the last one shifted back so it ends exactly at the border.
 */
import type { Vec3 } from '../../core/image/image.js';

/** Start positions along one axis of `size` voxels for windows of `roi` (roi ≤ size). */
export function windowStarts(size: number, roi: number, overlap: number): number[] {
  if (roi > size) throw new Error(`window ${roi} is larger than the axis ${size}; pad first`);
  const step = roi === size ? roi : Math.max(1, Math.floor(roi * (1 - overlap)));
  const num = Math.ceil(size / step);
  let last = 0;
  for (let d = 0; d < num; d++) {
    last = d;
    if (d * step + roi >= size) break;
  }
  const starts: number[] = [];
  for (let d = 0; d <= last; d++) {
    const s = d * step;
    starts.push(s - Math.max(s + roi - size, 0));
  }
  return starts;
}

/** Every window's start [x, y, z]; z outermost so consecutive windows share memory pages. */
export function windowGrid(size: Vec3, roi: Vec3, overlap: number): Vec3[] {
  const [sx, sy, sz] = [0, 1, 2].map((a) => windowStarts(size[a], roi[a], overlap));
  const out: Vec3[] = [];
  for (const z of sz) for (const y of sy) for (const x of sx) out.push([x, y, z]);
  return out;
}
