/**
 * Connected zones of equal grey level (GLSZM, GLDZM): flood fill with an explicit stack, one visit per voxel
 * (kernels.ts).
 */
import { zonesOf } from './kernels.js';
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
 * Labels the zones of the box, linked through `offsets` (both members of each ± pair: 26 in 3D, 8 in-plane; reach 1,
 * within the padding). `distance` is indexed like r.q. Zones are listed in the order of their first voxel.
 */
export function labelZones(r: PreparedRegion, offsets: Offset[], distance?: Int32Array): Zones {
  const steps = Int32Array.from(offsets, ([dx, dy, dz]) => dx + dy * r.px + dz * r.pxy);
  return zonesOf(r, steps, distance);
}
