/**
 * Features shared by the "grey level × j" matrices: GLRLM (j = run length), GLSZM (zone size), GLDZM (zone distance)
 * and GLDM/NGLDM (dependence count). IBSI and PyRadiomics define them with the same sums; each family's table picks
 * the ones it has and gives them its own names and IBSI codes.
 */
import { EPS } from './region.js';

export interface SizeCoefficients {
  /** Counts, ng×nj row-major. */
  P: Float64Array;
  /** Grey level of each row. */
  ivec: Float64Array;
  /** j value (run length, zone size, distance, dependence) of each column. */
  jvec: Float64Array;
  /** Σ P: number of runs / zones / neighbourhoods. */
  total: number;
  /** Denominator of the percentage features (voxels, or Σ P·j for GLRLM as PyRadiomics computes it). */
  np: number;
  pg: Float64Array;
  pj: Float64Array;
}

export function sizeCoefficients(P: Float64Array, ivec: Float64Array, jvec: Float64Array, np: number): SizeCoefficients {
  const ng = ivec.length, nj = jvec.length;
  const pg = new Float64Array(ng), pj = new Float64Array(nj);
  let total = 0;
  for (let i = 0; i < ng; i++) for (let j = 0; j < nj; j++) {
    const v = P[i * nj + j];
    pg[i] += v;
    pj[j] += v;
    total += v;
  }
  return { P, ivec, jvec, total, np, pg, pj };
}

type C = SizeCoefficients;

const overJ = (c: C, w: (j: number) => number) => { let s = 0; for (let k = 0; k < c.jvec.length; k++) s += c.pj[k] * w(c.jvec[k]); return s / c.total; };
const overI = (c: C, w: (i: number) => number) => { let s = 0; for (let k = 0; k < c.ivec.length; k++) s += c.pg[k] * w(c.ivec[k]); return s / c.total; };
const overIJ = (c: C, w: (i: number, j: number) => number) => {
  const nj = c.jvec.length;
  let s = 0;
  for (let a = 0; a < c.ivec.length; a++) for (let b = 0; b < nj; b++) {
    const v = c.P[a * nj + b];
    if (v !== 0) s += v * w(c.ivec[a], c.jvec[b]);
  }
  return s / c.total;
};
const sumSq = (v: Float64Array) => v.reduce((s, x) => s + x * x, 0);
function variance(p: Float64Array, values: Float64Array, total: number): number {
  let mu = 0;
  for (let k = 0; k < p.length; k++) mu += (p[k] / total) * values[k];
  let s = 0;
  for (let k = 0; k < p.length; k++) s += (p[k] / total) * (values[k] - mu) ** 2;
  return s;
}

/** The sums, by role; families name them (e.g. smallJ = ShortRunEmphasis / SmallAreaEmphasis / SmallDependenceEmphasis). */
export const sizeStat = {
  smallJ: (c: C) => overJ(c, (j) => 1 / (j * j)),
  largeJ: (c: C) => overJ(c, (j) => j * j),
  lowGrey: (c: C) => overI(c, (i) => 1 / (i * i)),
  highGrey: (c: C) => overI(c, (i) => i * i),
  smallJLowGrey: (c: C) => overIJ(c, (i, j) => 1 / (i * i * j * j)),
  smallJHighGrey: (c: C) => overIJ(c, (i, j) => (i * i) / (j * j)),
  largeJLowGrey: (c: C) => overIJ(c, (i, j) => (j * j) / (i * i)),
  largeJHighGrey: (c: C) => overIJ(c, (i, j) => i * i * j * j),
  greyNonUniformity: (c: C) => sumSq(c.pg) / c.total,
  greyNonUniformityNormalised: (c: C) => sumSq(c.pg) / (c.total * c.total),
  jNonUniformity: (c: C) => sumSq(c.pj) / c.total,
  jNonUniformityNormalised: (c: C) => sumSq(c.pj) / (c.total * c.total),
  percentage: (c: C) => c.total / c.np,
  greyVariance: (c: C) => variance(c.pg, c.ivec, c.total),
  jVariance: (c: C) => variance(c.pj, c.jvec, c.total),
  // Empty cells (most of a GLRLM) add ±0 to these sums, which leaves them unchanged (they are never −0): skipped.
  entropy: (c: C) => {
    let s = 0;
    for (let k = 0; k < c.P.length; k++) {
      if (c.P[k] === 0) continue;
      const p = c.P[k] / c.total;
      s -= p * Math.log2(p + EPS);
    }
    return s;
  },
  energy: (c: C) => { let s = 0; for (let k = 0; k < c.P.length; k++) if (c.P[k] !== 0) s += (c.P[k] / c.total) ** 2; return s; },
};
