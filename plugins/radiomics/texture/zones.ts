/**
 * Connected zones of equal grey level (GLSZM, GLDZM): flood fill with an explicit stack, one visit per voxel.
 */
import { workArray, type PreparedRegion } from './region.js';
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
 * Labels the zones of the box, linked through `offsets` (both members of each ± pair: 26 in 3D, 8 in-plane; reach 1,
 * within the padding). `distance` is indexed like r.q. Zones are listed in the order of their first voxel.
 */
export function labelZones(r: PreparedRegion, offsets: Offset[], distance?: Int32Array): Zones {
  const { roi, sliceStart } = r;
  const cap = Math.max(1, r.nVoxels);
  // A copy of q in which a visited voxel becomes -1: one test per neighbour.
  const open = workArray('zones-open', r.q.length), stack = workArray('zones-stack', cap);
  open.set(r.q);
  const gl = new Int32Array(cap), size = new Int32Array(cap), minDistance = new Int32Array(cap), slice = new Int32Array(cap);
  const steps = Int32Array.from(offsets, ([dx, dy, dz]) => dx + dy * r.px + dz * r.pxy);
  let count = 0;
  for (let z = 0; z < r.sz; z++) {
    for (let t = sliceStart[z]; t < sliceStart[z + 1]; t++) {
      const seed = roi[t], g = open[seed];
      if (g < 0) continue;
      let top = 0, n = 0, dmin = Number.MAX_SAFE_INTEGER;
      stack[top++] = seed;
      open[seed] = -1;
      while (top > 0) {
        const k = stack[--top];
        n++;
        if (distance && distance[k] < dmin) dmin = distance[k];
        for (let a = 0; a < steps.length; a++) {
          const j = k + steps[a];
          if (open[j] === g) {
            open[j] = -1;
            stack[top++] = j;
          }
        }
      }
      gl[count] = g;
      size[count] = n;
      minDistance[count] = distance ? dmin : 0;
      slice[count] = z;
      count++;
    }
  }
  return { count, gl, size, minDistance, slice };
}
