/**
 * NGTDM family: neighbourhood grey-tone difference matrix and its 5 features (PyRadiomics formulas and conventions
 * for homogeneous regions: coarseness 10^6, contrast/busyness/strength 0).
 */
import { FeatureAverager, zoneUnits } from './aggregate.js';
import { neighbourOffsets } from './directions.js';
import { ngtdmCounts } from './neighbourhood.js';
import { prepareRegion } from './region.js';
import type { DiscretisedRegion, FeatureDef, FeatureValues, ZoneAggregation } from './types.js';

export interface NgtdmOptions {
  /** '3d' (PyRadiomics default), '2.5d' (PyRadiomics force2D) or '2d' (IBSI per-slice average). @default '3d' */
  aggregation?: ZoneAggregation;
  /** Chebyshev distances of the neighbourhood (PyRadiomics `distances`). @default [1] */
  distances?: number[];
  /** Count voxels without any ROI neighbour in n_i (PyRadiomics) or drop them (IBSI). @default true */
  countIsolated?: boolean;
}

/** One NGTDM: per present grey level i, n_i, s_i and the level itself (PyRadiomics' P_ngtdm columns). */
export interface NgtdmMatrix {
  grayLevels: Float64Array;
  n: Float64Array;
  s: Float64Array;
}

/** Coefficients of one NGTDM over the grey levels with n_i > 0. */
export interface NgtdmCoefficients {
  /** Grey levels with p_i > 0. */
  i: Float64Array;
  p: Float64Array;
  s: Float64Array;
  /** N_v,p: Σ n_i. */
  nvp: number;
}

function coefficients(m: NgtdmMatrix): NgtdmCoefficients {
  const keep: number[] = [];
  for (let k = 0; k < m.n.length; k++) if (m.n[k] > 0) keep.push(k);
  const nvp = keep.reduce((t, k) => t + m.n[k], 0);
  return {
    i: Float64Array.from(keep, (k) => m.grayLevels[k]),
    p: Float64Array.from(keep, (k) => m.n[k] / nvp),
    s: Float64Array.from(keep, (k) => m.s[k]),
    nvp,
  };
}

type C = NgtdmCoefficients;
const sumPS = (c: C) => c.p.reduce((t, p, k) => t + p * c.s[k], 0);
const sumS = (c: C) => c.s.reduce((t, v) => t + v, 0);
function pairSum(c: C, w: (a: number, b: number) => number): number {
  let t = 0;
  for (let a = 0; a < c.i.length; a++) for (let b = 0; b < c.i.length; b++) t += w(a, b);
  return t;
}

export const NGTDM_FEATURES: FeatureDef<C>[] = [
  { name: 'Coarseness', ibsi: 'QCDE', pyradiomics: true, compute: (c) => { const v = sumPS(c); return v === 0 ? 1e6 : 1 / v; } },
  {
    name: 'Contrast', ibsi: '65HE', pyradiomics: true,
    compute: (c) => {
      const ngp = c.i.length;
      if (ngp <= 1) return 0;
      return (pairSum(c, (a, b) => c.p[a] * c.p[b] * (c.i[a] - c.i[b]) ** 2) / (ngp * (ngp - 1))) * (sumS(c) / c.nvp);
    },
  },
  {
    name: 'Busyness', ibsi: 'NQ30', pyradiomics: true,
    compute: (c) => {
      const d = pairSum(c, (a, b) => Math.abs(c.i[a] * c.p[a] - c.i[b] * c.p[b]));
      return d === 0 ? 0 : sumPS(c) / d;
    },
  },
  {
    name: 'Complexity', ibsi: 'HDEZ', pyradiomics: true,
    compute: (c) => pairSum(c, (a, b) => Math.abs(c.i[a] - c.i[b]) * (c.p[a] * c.s[a] + c.p[b] * c.s[b]) / (c.p[a] + c.p[b])) / c.nvp,
  },
  {
    name: 'Strength', ibsi: '1X9X', pyradiomics: true,
    compute: (c) => {
      const t = sumS(c);
      return t === 0 ? 0 : pairSum(c, (a, b) => (c.p[a] + c.p[b]) * (c.i[a] - c.i[b]) ** 2) / t;
    },
  },
];

/** NGTDMs: one for '3d'/'2.5d', one per slice for '2d'. */
export function computeNgtdm(region: DiscretisedRegion, opts: NgtdmOptions = {}): NgtdmMatrix[] {
  const r = prepareRegion(region);
  const { inPlane, ranges } = zoneUnits(r.sz, opts.aggregation ?? '3d');
  const offsets = neighbourOffsets({ distances: opts.distances, inPlane, bidirectional: true });
  return ranges.map(([z0, z1]) => ({ grayLevels: r.grayLevels, ...ngtdmCounts(r, offsets, z0, z1, opts.countIsolated ?? true) }));
}

/** NGTDM features (NGTDM_FEATURES names); NaN for an empty ROI. */
export function ngtdmFeatures(region: DiscretisedRegion, opts: NgtdmOptions = {}): FeatureValues {
  const avg = new FeatureAverager(NGTDM_FEATURES);
  for (const m of computeNgtdm(region, opts)) {
    const c = coefficients(m);
    if (c.nvp > 0) avg.add(c);
  }
  return avg.result();
}
