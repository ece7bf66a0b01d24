/**
 * Connected zones of equal grey level (GLSZM, GLDZM): flood fill with an explicit stack, one visit per voxel.
 */
import type { PreparedRegion } from './region.js';
import type { Offset } from './types.js';

export interface Zones {
  count: number;
  /** Compact grey-level index of each zone. */
  gl: Int32Array;
  /** Voxel count of each zone. */
  size: Int32Array;
  /** Smallest distance-map value over the zone's voxels (0 when no map was given). */
  minDistance: Int32Array;
  /** Slice (z) of the zone's first voxel; with in-plane offsets a zone lies in that slice only. */
  slice: Int32Array;
}

/**
 * Labels the zones of the box, linked through `offsets` (both members of each ± pair: 26 in 3D, 8 in-plane).
 */
export function labelZones(r: PreparedRegion, offsets: Offset[], distance?: Int32Array): Zones {
  const { q, sx, sy, sz } = r;
  const sxy = sx * sy;
  const cap = Math.max(1, r.nVoxels);
  const visited = new Uint8Array(q.length);
  const stack = new Int32Array(cap);
  const gl = new Int32Array(cap), size = new Int32Array(cap), minDistance = new Int32Array(cap), slice = new Int32Array(cap);
  const steps = offsets.map(([dx, dy, dz]) => dx + dy * sx + dz * sxy);
  let count = 0;
  for (let seed = 0; seed < q.length; seed++) {
    const g = q[seed];
    if (g < 0 || visited[seed]) continue;
    let top = 0, n = 0, dmin = Number.MAX_SAFE_INTEGER;
    stack[top++] = seed;
    visited[seed] = 1;
    while (top > 0) {
      const k = stack[--top];
      n++;
      if (distance && distance[k] < dmin) dmin = distance[k];
      const z = Math.floor(k / sxy), rem = k - z * sxy, y = Math.floor(rem / sx), x = rem - y * sx;
      // Zone links reach one voxel: an interior voxel needs no bounds test.
      const interior = x > 0 && x < sx - 1 && y > 0 && y < sy - 1 && z > 0 && z < sz - 1;
      for (let a = 0; a < offsets.length; a++) {
        if (!interior) {
          const o = offsets[a];
          const nx = x + o[0], ny = y + o[1], nz = z + o[2];
          if (nx < 0 || nx >= sx || ny < 0 || ny >= sy || nz < 0 || nz >= sz) continue;
        }
        const j = k + steps[a];
        if (!visited[j] && q[j] === g) {
          visited[j] = 1;
          stack[top++] = j;
        }
      }
    }
    gl[count] = g;
    size[count] = n;
    minDistance[count] = distance ? dmin : 0;
    slice[count] = Math.floor(seed / sxy);
    count++;
  }
  return { count, gl, size, minDistance, slice };
}
