/**
 * Feature aggregation helpers shared by the families: evaluate a feature table on several matrices and average.
 */
import { nanMean } from './region.js';
import type { FeatureDef, FeatureValues } from './types.js';

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
