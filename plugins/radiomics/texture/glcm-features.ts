/**
 * GLCM features of one co-occurrence matrix, as PyRadiomics' RadiomicsGLCM computes them per angle, plus the IBSI
 * features PyRadiomics dropped as duplicates (Sum variance = Cluster tendency, Dissimilarity = Difference average).
 */
import { symmetricEigenvalues } from './eigen.js';
import { EPS } from './region.js';
import type { FeatureDef } from './types.js';

/** Everything the GLCM features read, computed once per matrix. */
export interface GlcmCoefficients {
  ng: number;
  /** Grey-level value of each row/column. */
  levels: Float64Array;
  /** Ng of the normalised features (IBSI number of bins; PyRadiomics max level). */
  nLevels: number;
  /** Grey levels present in the whole ROI; < 2 is PyRadiomics' flat region (MCC = 1). */
  roiLevels: number;
  px: Float64Array;
  py: Float64Array;
  ux: number;
  uy: number;
  /** p_{x+y}(k), index k = i + j (grey-level values). */
  pSum: Float64Array;
  /** p_{x-y}(k), index k = |i - j|. */
  pDiff: Float64Array;
  hxy: number;
  /**
   * The non-zero cells of the normalised matrix p(i,j), row-major: row, column, value. GLCMs are sparse; a zero cell
   * adds ±0 to every sum below (and a sum that starts at +0 never becomes −0), so skipping it leaves every result
   * bit-identical to the sum over the full matrix.
   */
  nzRow: Int32Array;
  nzCol: Int32Array;
  nzP: Float64Array;
}

export function glcmCoefficients(counts: Float64Array, levels: Float64Array, nLevels: number, roiLevels: number): GlcmCoefficients {
  const ng = levels.length;
  let total = 0, nnz = 0;
  for (let k = 0; k < ng * ng; k++) {
    total += counts[k];
    if (counts[k] !== 0) nnz++;
  }
  const px = new Float64Array(ng), py = new Float64Array(ng);
  const maxLevel = ng > 0 ? levels[ng - 1] : 0;
  const pSum = new Float64Array(2 * maxLevel + 1), pDiff = new Float64Array(maxLevel + 1);
  const nzRow = new Int32Array(nnz), nzCol = new Int32Array(nnz), nzP = new Float64Array(nnz);
  let ux = 0, uy = 0, hxy = 0;
  for (let i = 0, t = 0; i < ng; i++) {
    for (let j = 0; j < ng; j++) {
      if (counts[i * ng + j] === 0) continue; // see nzRow
      const v = counts[i * ng + j] / total;
      nzRow[t] = i;
      nzCol[t] = j;
      nzP[t++] = v;
      px[i] += v;
      py[j] += v;
      ux += v * levels[i];
      uy += v * levels[j];
      pSum[levels[i] + levels[j]] += v;
      pDiff[Math.abs(levels[i] - levels[j])] += v;
      hxy -= v * Math.log2(v + EPS);
    }
  }
  return { ng, levels, nLevels, roiLevels, px, py, ux, uy, pSum, pDiff, hxy, nzRow, nzCol, nzP };
}

type C = GlcmCoefficients;

/*
 * Σ p(i,j)·w over the non-zero cells, in row-major order. The weights that cost a pow() depend on i + j, |i − j|, i or
 * j alone: they are tabulated once per matrix (same expression, same value) instead of once per cell.
 */

/** Σ p(i,j)·w(i + j) with w(k) tabulated for the level sums k present. */
function bySum(c: C, w: (k: number) => number): number {
  const table = new Float64Array(c.pSum.length);
  for (let k = 0; k < table.length; k++) if (c.pSum[k] !== 0) table[k] = w(k);
  let s = 0;
  for (let t = 0; t < c.nzP.length; t++) s += c.nzP[t] * table[c.levels[c.nzRow[t]] + c.levels[c.nzCol[t]]];
  return s;
}

/** Σ p(i,j)·a[i]. */
function byRow(c: C, a: Float64Array): number {
  let s = 0;
  for (let t = 0; t < c.nzP.length; t++) s += c.nzP[t] * a[c.nzRow[t]];
  return s;
}

/** Σ p(i,j)·b[j]. */
function byCol(c: C, b: Float64Array): number {
  let s = 0;
  for (let t = 0; t < c.nzP.length; t++) s += c.nzP[t] * b[c.nzCol[t]];
  return s;
}

const perLevel = (c: C, f: (g: number) => number) => c.levels.map(f);

function autocorrelation(c: C): number {
  let s = 0;
  for (let t = 0; t < c.nzP.length; t++) s += c.nzP[t] * (c.levels[c.nzRow[t]] * c.levels[c.nzCol[t]]);
  return s;
}

function contrast(c: C): number {
  // (i − j)² of integer levels is exact, the same for ±(i − j).
  let s = 0;
  for (let t = 0; t < c.nzP.length; t++) {
    const d = c.levels[c.nzRow[t]] - c.levels[c.nzCol[t]];
    s += c.nzP[t] * (d * d);
  }
  return s;
}

function diffAverage(c: C): number {
  let s = 0;
  for (let k = 0; k < c.pDiff.length; k++) s += k * c.pDiff[k];
  return s;
}

function sumAverage(c: C): number {
  let s = 0;
  for (let k = 0; k < c.pSum.length; k++) s += k * c.pSum[k];
  return s;
}

function entropyOf(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s -= v[k] * Math.log2(v[k] + EPS);
  return s;
}

function diffSum(c: C, w: (k: number) => number, from = 0): number {
  let s = 0;
  for (let k = from; k < c.pDiff.length; k++) s += c.pDiff[k] * w(k);
  return s;
}

const sumSquares = (c: C) => byRow(c, perLevel(c, (i) => (i - c.ux) ** 2));

function correlation(c: C): number {
  const sigx = Math.sqrt(sumSquares(c));
  const sigy = Math.sqrt(byCol(c, perLevel(c, (j) => (j - c.uy) ** 2)));
  // PyRadiomics returns 1 for a flat matrix (σx·σy = 0), per angle.
  if (sigx * sigy === 0) return 1;
  const dx = perLevel(c, (i) => i - c.ux), dy = perLevel(c, (j) => j - c.uy);
  let cov = 0;
  for (let t = 0; t < c.nzP.length; t++) cov += c.nzP[t] * (dx[c.nzRow[t]] * dy[c.nzCol[t]]);
  return cov / (sigx * sigy + EPS);
}

function jointEnergy(c: C): number {
  let s = 0;
  for (let t = 0; t < c.nzP.length; t++) s += c.nzP[t] * c.nzP[t];
  return s;
}

function maximumProbability(c: C): number {
  let m = 0;
  for (let t = 0; t < c.nzP.length; t++) if (c.nzP[t] > m) m = c.nzP[t];
  return m;
}

function imc1(c: C): number {
  const hx = entropyOf(c.px), hy = entropyOf(c.py);
  let hxy1 = 0;
  for (let t = 0; t < c.nzP.length; t++) hxy1 -= c.nzP[t] * Math.log2(c.px[c.nzRow[t]] * c.py[c.nzCol[t]] + EPS);
  const div = Math.max(hx, hy);
  return div === 0 ? 0 : (c.hxy - hxy1) / div;
}

function imc2(c: C): number {
  let hxy2 = 0;
  for (let i = 0; i < c.ng; i++) {
    if (c.px[i] === 0) continue; // its terms are ±0 (see nzRow)
    for (let j = 0; j < c.ng; j++) {
      if (c.py[j] === 0) continue;
      const pp = c.px[i] * c.py[j];
      hxy2 -= pp * Math.log2(pp + EPS);
    }
  }
  if (hxy2 === c.hxy) return 0;
  // Negative mutual information (rounding) gives NaN, as numpy's **0.5 does; the angle mean then skips it.
  return Math.sqrt(1 - Math.exp(-2 * (hxy2 - c.hxy)));
}

/**
 * Maximal correlation coefficient: sqrt of the second largest eigenvalue of Q(i,j) = Σk p(i,k)p(j,k)/(px(i)py(k)).
 * Q = Dx^-½ (S Sᵀ) Dx^½ with S = Dx^-½ P Dy^-½, so we take the eigenvalues of the symmetric S Sᵀ (same spectrum).
 */
function mcc(c: C): number {
  if (c.roiLevels < 2) return 1;
  const n = c.ng;
  const s = new Float64Array(n * n);
  // Row i of S is zero outside columns [lo[i], hi[i]) (GLCMs are banded): the products there are +0 and are skipped.
  const lo = new Int32Array(n).fill(n), hi = new Int32Array(n);
  for (let t = 0; t < c.nzP.length; t++) {
    const i = c.nzRow[t], k = c.nzCol[t], d = c.px[i] * c.py[k];
    s[i * n + k] = d > 0 ? c.nzP[t] / Math.sqrt(d) : 0;
    if (k < lo[i]) lo[i] = k;
    hi[i] = k + 1;
  }
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
    let v = 0;
    for (let k = Math.max(lo[i], lo[j]), end = Math.min(hi[i], hi[j]); k < end; k++) v += s[i * n + k] * s[j * n + k];
    m[i * n + j] = v;
    m[j * n + i] = v;
  }
  const ev = symmetricEigenvalues(m, n);
  return Math.sqrt(Math.max(0, ev[n - 2]));
}

export const GLCM_FEATURES: FeatureDef<C>[] = [
  { name: 'Autocorrelation', ibsi: 'QWB0', pyradiomics: true, compute: autocorrelation },
  { name: 'JointAverage', ibsi: '60VM', pyradiomics: true, compute: (c) => c.ux },
  { name: 'ClusterProminence', ibsi: 'AE86', pyradiomics: true, compute: (c) => bySum(c, (k) => (k - c.ux - c.uy) ** 4) },
  { name: 'ClusterShade', ibsi: '7NFM', pyradiomics: true, compute: (c) => bySum(c, (k) => (k - c.ux - c.uy) ** 3) },
  { name: 'ClusterTendency', ibsi: 'DG8W', pyradiomics: true, compute: (c) => bySum(c, (k) => (k - c.ux - c.uy) ** 2) },
  { name: 'Contrast', ibsi: 'ACUI', pyradiomics: true, compute: contrast },
  { name: 'Correlation', ibsi: 'NI2N', pyradiomics: true, compute: correlation },
  { name: 'DifferenceAverage', ibsi: 'TF7R', pyradiomics: true, compute: diffAverage },
  { name: 'DifferenceEntropy', ibsi: 'NTRS', pyradiomics: true, compute: (c) => entropyOf(c.pDiff) },
  {
    name: 'DifferenceVariance', ibsi: 'D3YU', pyradiomics: true,
    compute: (c) => { const da = diffAverage(c); return diffSum(c, (k) => (k - da) ** 2); },
  },
  { name: 'JointEnergy', ibsi: '8ZQL', pyradiomics: true, compute: jointEnergy },
  { name: 'JointEntropy', ibsi: 'TU9B', pyradiomics: true, compute: (c) => c.hxy },
  { name: 'Imc1', ibsi: 'R8DG', pyradiomics: true, compute: imc1 },
  { name: 'Imc2', ibsi: 'JN9H', pyradiomics: true, compute: imc2 },
  { name: 'Idm', ibsi: 'WF0Z', pyradiomics: true, compute: (c) => diffSum(c, (k) => 1 / (1 + k * k)) },
  { name: 'MCC', ibsi: '', pyradiomics: true, compute: mcc },
  { name: 'Idmn', ibsi: '1QCO', pyradiomics: true, compute: (c) => diffSum(c, (k) => 1 / (1 + (k * k) / (c.nLevels * c.nLevels))) },
  { name: 'Id', ibsi: 'IB1Z', pyradiomics: true, compute: (c) => diffSum(c, (k) => 1 / (1 + k)) },
  { name: 'Idn', ibsi: 'NDRX', pyradiomics: true, compute: (c) => diffSum(c, (k) => 1 / (1 + k / c.nLevels)) },
  { name: 'InverseVariance', ibsi: 'E8JP', pyradiomics: true, compute: (c) => diffSum(c, (k) => 1 / (k * k), 1) },
  { name: 'MaximumProbability', ibsi: 'GYBY', pyradiomics: true, compute: maximumProbability },
  { name: 'SumAverage', ibsi: 'ZGXS', pyradiomics: true, compute: sumAverage },
  { name: 'SumEntropy', ibsi: 'P6QZ', pyradiomics: true, compute: (c) => entropyOf(c.pSum) },
  { name: 'SumSquares', ibsi: 'UR99', pyradiomics: true, compute: sumSquares },
  {
    name: 'SumVariance', ibsi: 'OEEB', pyradiomics: false,
    compute: (c) => { const sa = sumAverage(c); let s = 0; for (let k = 0; k < c.pSum.length; k++) s += (k - sa) ** 2 * c.pSum[k]; return s; },
  },
  { name: 'Dissimilarity', ibsi: '8S9J', pyradiomics: false, compute: diffAverage },
];
