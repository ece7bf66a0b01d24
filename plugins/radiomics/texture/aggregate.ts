/**
 * Feature aggregation helpers shared by the families: evaluate a feature table on several matrices and average.
 */
import { nanMean } from './region.js';
import type { FeatureDef, FeatureValues, ZoneAggregation } from './types.js';

/** Accumulates per-matrix feature vectors and averages them with nanmean (PyRadiomics' angle mean, IBSI's slice mean). */
export class FeatureAverager<C> {
  private readonly rows: Float64Array[] = [];
  constructor(private readonly table: FeatureDef<C>[]) {}

  add(c: C): void {
    const row = new Float64Array(this.table.length);
    for (let f = 0; f < this.table.length; f++) row[f] = this.table[f].compute(c);
    this.rows.push(row);
  }

  get count(): number {
    return this.rows.length;
  }

  /** Feature name → mean over the added matrices; NaN for every feature when none was added. */
  result(): FeatureValues {
    const out: FeatureValues = {};
    const col = new Float64Array(this.rows.length);
    for (let f = 0; f < this.table.length; f++) {
      for (let r = 0; r < this.rows.length; r++) col[r] = this.rows[r][f];
      out[this.table[f].name] = nanMean(col);
    }
    return out;
  }
}

/** Element-wise sum of equally sized matrices. */
export function sumMatrices(ms: Float64Array[], length: number): Float64Array {
  const out = new Float64Array(length);
  for (const m of ms) for (let i = 0; i < length; i++) out[i] += m[i];
  return out;
}

/** The computation units of a zone-type aggregation: in-plane or 3D neighbourhood, and the slice ranges. */
export function zoneUnits(sz: number, aggregation: ZoneAggregation): { inPlane: boolean; ranges: [number, number][] } {
  switch (aggregation) {
    case '2d':
      return { inPlane: true, ranges: Array.from({ length: sz }, (_, z) => [z, z + 1] as [number, number]) };
    case '2.5d':
      return { inPlane: true, ranges: [[0, sz]] };
    case '3d':
      return { inPlane: false, ranges: [[0, sz]] };
    default: {
      const never: never = aggregation;
      throw new RangeError(`texture: unknown aggregation ${String(never)}; use '2d', '2.5d' or '3d'.`);
    }
  }
}

/**
 * Tabulates (grey-level index, j value) pairs into a compact matrix whose columns are the distinct j values present
 * (PyRadiomics deletes empty columns; memory stays bounded by the number of distinct sizes, not the largest size).
 */
export function tabulate(gl: Int32Array, jv: Int32Array, count: number, ng: number): { P: Float64Array; jvec: Float64Array } {
  let maxJ = 0;
  for (let k = 0; k < count; k++) if (jv[k] > maxJ) maxJ = jv[k];
  const col = new Int32Array(maxJ + 1).fill(-1);
  for (let k = 0; k < count; k++) col[jv[k]] = 0;
  const values: number[] = [];
  for (let j = 0; j <= maxJ; j++) if (col[j] === 0) { col[j] = values.length; values.push(j); }
  const nj = values.length;
  const P = new Float64Array(ng * nj);
  for (let k = 0; k < count; k++) P[gl[k] * nj + col[jv[k]]]++;
  return { P, jvec: Float64Array.from(values) };
}
