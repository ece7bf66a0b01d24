/**
 * Shared driver of GLDM (PyRadiomics) and NGLDM (IBSI): dependence-count matrices per unit, features averaged.
 */
import { FeatureAverager, zoneUnits } from './aggregate.js';
import { neighbourOffsets } from './directions.js';
import { dependenceCounts } from './neighbourhood.js';
import { prepareRegion } from './region.js';
import { sizeCoefficients, type SizeCoefficients } from './size-features.js';
import type { DiscretisedRegion, FeatureDef, FeatureValues, ZoneAggregation } from './types.js';

export interface DependenceOptions {
  /** '3d' (PyRadiomics default), '2.5d' (PyRadiomics force2D) or '2d' (IBSI per-slice average). @default '3d' */
  aggregation?: ZoneAggregation;
  /** Chebyshev distances of the neighbourhood (PyRadiomics `distances`; IBSI δ). @default [1] */
  distances?: number[];
  /** Coarseness α: a neighbour is dependent when |i − j| ≤ α (PyRadiomics `gldm_a`). @default 0 */
  alpha?: number;
}

export interface DependenceMatrix {
  grayLevels: Float64Array;
  /** Dependence count k = 1 + dependent neighbours, per column (1..offsets + 1). */
  dependences: Float64Array;
  /** Counts, ng × nd row-major. */
  matrix: Float64Array;
}

export function computeDependence(region: DiscretisedRegion, opts: DependenceOptions = {}): DependenceMatrix[] {
  const r = prepareRegion(region);
  const { inPlane, ranges } = zoneUnits(r.sz, opts.aggregation ?? '3d');
  const offsets = neighbourOffsets({ distances: opts.distances, inPlane, bidirectional: true });
  const dependences = Float64Array.from({ length: offsets.length + 1 }, (_, k) => k + 1);
  return ranges.map(([z0, z1]) => ({
    grayLevels: r.grayLevels,
    dependences,
    matrix: dependenceCounts(r, offsets, opts.alpha ?? 0, z0, z1),
  }));
}

export function dependenceFeatures(ms: DependenceMatrix[], table: FeatureDef<SizeCoefficients>[]): FeatureValues {
  const avg = new FeatureAverager(table);
  for (const m of ms) {
    // Every ROI voxel is one neighbourhood: N_s = N_v, so the percentage is 1.
    const c = sizeCoefficients(m.matrix, m.grayLevels, m.dependences, 0);
    c.np = c.total;
    if (c.total > 0) avg.add(c);
  }
  return avg.result();
}
