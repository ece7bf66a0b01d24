/**
 * Shared driver of the zone families (GLSZM, GLDZM): label zones once, then build one matrix per slice ('2d') or one
 * for the ROI ('2.5d', '3d'), and average the features.
 */
import { FeatureAverager, tabulate } from './aggregate.js';
import { neighbourOffsets } from './directions.js';
import { borderDistance, morphologicalBorderDistance } from './distance-map.js';
import type { PreparedRegion } from './region.js';
import { sizeCoefficients, type SizeCoefficients } from './size-features.js';
import type { DiscretisedRegion, FeatureDef, FeatureValues, ZoneAggregation } from './types.js';
import { labelZones } from './zones.js';

export interface ZoneMatrix {
  /** Grey level of each row. */
  grayLevels: Float64Array;
  /** j value of each column (zone size or distance), the distinct values present. */
  jValues: Float64Array;
  /** Zone counts, ng×nj row-major. */
  matrix: Float64Array;
  /** Voxels of the unit (slice or ROI): the denominator of zone percentage. */
  nVoxels: number;
}

/**
 * One matrix per unit: per slice for '2d', else one. `j` picks zone size or zone distance; distances go to the border
 * of `region.morphologicalMask` when given, else of the mask.
 */
export function zoneMatrices(region: DiscretisedRegion, r: PreparedRegion, aggregation: ZoneAggregation, j: 'size' | 'distance'): ZoneMatrix[] {
  const inPlane = aggregation !== '3d';
  const offsets = neighbourOffsets({ inPlane, bidirectional: true });
  const morph = region.morphologicalMask;
  const dist = j === 'size' ? undefined
    : padded(r, morph ? morphologicalBorderDistance(r, morph, region.size, inPlane) : borderDistance(r, inPlane));
  const zones = labelZones(r, offsets, dist);
  const jv = j === 'size' ? zones.size : zones.minDistance;
  const ng = r.grayLevels.length;
  // Zones are listed slice by slice (seeds run z-slowest), so each unit is a contiguous range of zones.
  const build = (from: number, to: number, nVoxels: number): ZoneMatrix => {
    const t = tabulate(zones.gl.subarray(from, to), jv.subarray(from, to), to - from, ng);
    return { grayLevels: r.grayLevels, jValues: t.jvec, matrix: t.P, nVoxels };
  };
  if (aggregation !== '2d') return [build(0, zones.count, r.nVoxels)];
  const out: ZoneMatrix[] = [];
  let from = 0;
  for (let z = 0; z < r.sz; z++) {
    let to = from;
    while (to < zones.count && zones.slice[to] === z) to++;
    const inSlice = r.sliceStart[z + 1] - r.sliceStart[z];
    if (inSlice > 0) out.push(build(from, to, inSlice));
    from = to;
  }
  return out;
}

/** A box-layout map (sx×sy×sz) moved into the padded layout of r.q. */
function padded(r: PreparedRegion, box: Int32Array): Int32Array {
  const out = new Int32Array(r.q.length);
  for (let z = 0, o = 0; z < r.sz; z++) {
    for (let y = 0; y < r.sy; y++, o += r.sx) {
      out.set(box.subarray(o, o + r.sx), r.pad + (y + r.pad) * r.px + (z + r.pad) * r.pxy);
    }
  }
  return out;
}

export function zoneFeatures(ms: ZoneMatrix[], table: FeatureDef<SizeCoefficients>[]): FeatureValues {
  const avg = new FeatureAverager(table);
  for (const m of ms) {
    const c = sizeCoefficients(m.matrix, m.grayLevels, m.jValues, m.nVoxels);
    if (c.total > 0) avg.add(c);
  }
  return avg.result();
}
