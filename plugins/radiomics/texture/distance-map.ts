/**
 * IBSI distance to the ROI border (GLDZM): 1 for ROI voxels touching a non-ROI voxel (or the box edge) across a face,
 * +1 per face step inwards (Manhattan distance, 6-connected in 3D, 4-connected in-plane). 0 outside the ROI.
 */
import type { PreparedRegion } from './region.js';

export function borderDistance(r: PreparedRegion, inPlane: boolean): Int32Array {
  const { q, sx, sy, sz } = r;
  const sxy = sx * sy;
  const dist = new Int32Array(q.length);
  const queue = new Int32Array(q.length);
  let head = 0, tail = 0;
  const faces: [number, number, number][] = inPlane
    ? [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0]]
    : [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];
  const neighbour = (k: number, [dx, dy, dz]: [number, number, number]) => {
    const z = Math.floor(k / sxy), rem = k - z * sxy, y = Math.floor(rem / sx), x = rem - y * sx;
    const nx = x + dx, ny = y + dy, nz = z + dz;
    if (nx < 0 || nx >= sx || ny < 0 || ny >= sy || nz < 0 || nz >= sz) return -1;
    return k + dx + dy * sx + dz * sxy;
  };
  for (let k = 0; k < q.length; k++) {
    if (q[k] < 0) continue;
    for (const f of faces) {
      const j = neighbour(k, f);
      if (j < 0 || q[j] < 0) { dist[k] = 1; queue[tail++] = k; break; }
    }
  }
  while (head < tail) {
    const k = queue[head++];
    for (const f of faces) {
      const j = neighbour(k, f);
      if (j >= 0 && q[j] >= 0 && dist[j] === 0) { dist[j] = dist[k] + 1; queue[tail++] = j; }
    }
  }
  return dist;
}
