/**
 * IBSI distance to the ROI border (GLDZM): 1 for ROI voxels touching a non-ROI voxel (or the box edge) across a face,
 * +1 per face step inwards (Manhattan distance, 6-connected in 3D, 4-connected in-plane). 0 outside the ROI.
 * Multi-source breadth-first search from the border voxels: each voxel is queued once.
 */
import type { PreparedRegion } from './region.js';

export function borderDistance(r: PreparedRegion, inPlane: boolean): Int32Array {
  const { q, sx, sy, sz } = r;
  const sxy = sx * sy;
  const dist = new Int32Array(q.length);
  const queue = new Int32Array(q.length);
  let tail = 0;
  // Face neighbours of voxel k at (x, y, z): index, or -1 outside the box (which counts as outside the ROI).
  const faces = inPlane ? 4 : 6;
  const face = (k: number, x: number, y: number, z: number, f: number): number => {
    switch (f) {
      case 0: return x + 1 < sx ? k + 1 : -1;
      case 1: return x > 0 ? k - 1 : -1;
      case 2: return y + 1 < sy ? k + sx : -1;
      case 3: return y > 0 ? k - sx : -1;
      case 4: return z + 1 < sz ? k + sxy : -1;
      default: return z > 0 ? k - sxy : -1;
    }
  };
  for (let z = 0, k = 0; z < sz; z++) {
    for (let y = 0; y < sy; y++) {
      for (let x = 0; x < sx; x++, k++) {
        if (q[k] < 0) continue;
        for (let f = 0; f < faces; f++) {
          const j = face(k, x, y, z, f);
          if (j < 0 || q[j] < 0) { dist[k] = 1; queue[tail++] = k; break; }
        }
      }
    }
  }
  for (let head = 0; head < tail; head++) {
    const k = queue[head];
    const z = Math.floor(k / sxy), rem = k - z * sxy, y = Math.floor(rem / sx), x = rem - y * sx;
    for (let f = 0; f < faces; f++) {
      const j = face(k, x, y, z, f);
      if (j >= 0 && q[j] >= 0 && dist[j] === 0) { dist[j] = dist[k] + 1; queue[tail++] = j; }
    }
  }
  return dist;
}
