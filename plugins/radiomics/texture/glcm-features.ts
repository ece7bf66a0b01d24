/**
 * GLCM features of one co-occurrence matrix, as PyRadiomics' RadiomicsGLCM computes them per angle, plus the IBSI
 * features PyRadiomics dropped as duplicates (Sum variance = Cluster tendency, Dissimilarity = Difference average).
 */
import { symmetricEigenvalues } from './eigen.js';
import { EPS } from './region.js';
import type { FeatureDef } from './types.js';

/** Everything the GLCM features read, computed once per matrix. */
export interface GlcmCoefficients {
  /** Normalised matrix p(i,j), ng×ng over the present grey levels. */
  p: Float64Array;
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
   * Row and column of each non-zero p(i,j), row-major order. GLCMs are sparse; a zero cell adds ±0 to every sum
   * below (and a sum that starts at +0 never becomes −0), so skipping it leaves every result bit-identical.
   */
  nzRow: Int32Array;
  nzCol: Int32Array;
}

export function glcmCoefficients(counts: Float64Array, levels: Float64Array, nLevels: number, roiLevels: number): GlcmCoefficients {
  const ng = levels.length;
  let total = 0;
  for (let k = 0; k < counts.length; k++) total += counts[k];
  const p = new Float64Array(ng * ng);
  const px = new Float64Array(ng), py = new Float64Array(ng);
  const maxLevel = ng > 0 ? levels[ng - 1] : 0;
  const pSum = new Float64Array(2 * maxLevel + 1), pDiff = new Float64Array(maxLevel + 1);
  let nnz = 0;
  for (let k = 0; k < ng * ng; k++) if (counts[k] !== 0) nnz++;
  const nzRow = new Int32Array(nnz), nzCol = new Int32Array(nnz);
  let ux = 0, uy = 0, hxy = 0;
  for (let i = 0, t = 0; i < ng; i++) {
    for (let j = 0; j < ng; j++) {
      if (counts[i * ng + j] === 0) continue; // see nzRow
      const v = counts[i * ng + j] / total;
      nzRow[t] = i;
      nzCol[t++] = j;
      p[i * ng + j] = v;
      px[i] += v;
      py[j] += v;
      ux += v * levels[i];
      uy += v * levels[j];
      pSum[levels[i] + levels[j]] += v;
      pDiff[Math.abs(levels[i] - levels[j])] += v;
      hxy -= v * Math.log2(v + EPS);
    }
  }
  return { p, ng, levels, nLevels, roiLevels, px, py, ux, uy, pSum, pDiff, hxy, nzRow, nzCol };
}

type C = GlcmCoefficients;

/** Σ p(i,j)·w(i,j) over the matrix. */
function weighted(c: C, w: (gi: number, gj: number) => number): number {
  let s = 0;
  for (let t = 0; t < c.nzRow.length; t++) {
    const i = c.nzRow[t], j = c.nzCol[t];
    s += c.p[i * c.ng + j] * w(c.levels[i], c.levels[j]);
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

function correlation(c: C): number {
  const sigx = Math.sqrt(weighted(c, (i) => (i - c.ux) ** 2));
  const sigy = Math.sqrt(weighted(c, (_i, j) => (j - c.uy) ** 2));
  // PyRadiomics returns 1 for a flat matrix (σx·σy = 0), per angle.
  if (sigx * sigy === 0) return 1;
  return weighted(c, (i, j) => (i - c.ux) * (j - c.uy)) / (sigx * sigy + EPS);
}

function imc1(c: C): number {
  const hx = entropyOf(c.px), hy = entropyOf(c.py);
  let hxy1 = 0;
  for (let t = 0; t < c.nzRow.length; t++) {
    const i = c.nzRow[t], j = c.nzCol[t];
    hxy1 -= c.p[i * c.ng + j] * Math.log2(c.px[i] * c.py[j] + EPS);
  }
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
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    const d = c.px[i] * c.py[k];
    s[i * n + k] = d > 0 ? c.p[i * n + k] / Math.sqrt(d) : 0;
  }
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
    let v = 0;
    for (let k = 0; k < n; k++) v += s[i * n + k] * s[j * n + k];
    m[i * n + j] = v;
    m[j * n + i] = v;
  }
  const ev = symmetricEigenvalues(m, n);
  return Math.sqrt(Math.max(0, ev[n - 2]));
}

export const GLCM_FEATURES: FeatureDef<C>[] = [
  { name: 'Autocorrelation', ibsi: 'QWB0', pyradiomics: true, compute: (c) => weighted(c, (i, j) => i * j) },
  { name: 'JointAverage', ibsi: '60VM', pyradiomics: true, compute: (c) => c.ux },
  { name: 'ClusterProminence', ibsi: 'AE86', pyradiomics: true, compute: (c) => weighted(c, (i, j) => (i + j - c.ux - c.uy) ** 4) },
  { name: 'ClusterShade', ibsi: '7NFM', pyradiomics: true, compute: (c) => weighted(c, (i, j) => (i + j - c.ux - c.uy) ** 3) },
  { name: 'ClusterTendency', ibsi: 'DG8W', pyradiomics: true, compute: (c) => weighted(c, (i, j) => (i + j - c.ux - c.uy) ** 2) },
  { name: 'Contrast', ibsi: 'ACUI', pyradiomics: true, compute: (c) => weighted(c, (i, j) => (i - j) ** 2) },
  { name: 'Correlation', ibsi: 'NI2N', pyradiomics: true, compute: correlation },
  { name: 'DifferenceAverage', ibsi: 'TF7R', pyradiomics: true, compute: diffAverage },
  { name: 'DifferenceEntropy', ibsi: 'NTRS', pyradiomics: true, compute: (c) => entropyOf(c.pDiff) },
  {
    name: 'DifferenceVariance', ibsi: 'D3YU', pyradiomics: true,
    compute: (c) => { const da = diffAverage(c); return diffSum(c, (k) => (k - da) ** 2); },
  },
  { name: 'JointEnergy', ibsi: '8ZQL', pyradiomics: true, compute: (c) => c.p.reduce((s, v) => s + v * v, 0) },
  { name: 'JointEntropy', ibsi: 'TU9B', pyradiomics: true, compute: (c) => c.hxy },
  { name: 'Imc1', ibsi: 'R8DG', pyradiomics: true, compute: imc1 },
  { name: 'Imc2', ibsi: 'JN9H', pyradiomics: true, compute: imc2 },
  { name: 'Idm', ibsi: 'WF0Z', pyradiomics: true, compute: (c) => diffSum(c, (k) => 1 / (1 + k * k)) },
  { name: 'MCC', ibsi: '', pyradiomics: true, compute: mcc },
  { name: 'Idmn', ibsi: '1QCO', pyradiomics: true, compute: (c) => diffSum(c, (k) => 1 / (1 + (k * k) / (c.nLevels * c.nLevels))) },
  { name: 'Id', ibsi: 'IB1Z', pyradiomics: true, compute: (c) => diffSum(c, (k) => 1 / (1 + k)) },
  { name: 'Idn', ibsi: 'NDRX', pyradiomics: true, compute: (c) => diffSum(c, (k) => 1 / (1 + k / c.nLevels)) },
  { name: 'InverseVariance', ibsi: 'E8JP', pyradiomics: true, compute: (c) => diffSum(c, (k) => 1 / (k * k), 1) },
  { name: 'MaximumProbability', ibsi: 'GYBY', pyradiomics: true, compute: (c) => c.p.reduce((m, v) => (v > m ? v : m), 0) },
  { name: 'SumAverage', ibsi: 'ZGXS', pyradiomics: true, compute: sumAverage },
  { name: 'SumEntropy', ibsi: 'P6QZ', pyradiomics: true, compute: (c) => entropyOf(c.pSum) },
  { name: 'SumSquares', ibsi: 'UR99', pyradiomics: true, compute: (c) => weighted(c, (i) => (i - c.ux) ** 2) },
  {
    name: 'SumVariance', ibsi: 'OEEB', pyradiomics: false,
    compute: (c) => { const sa = sumAverage(c); let s = 0; for (let k = 0; k < c.pSum.length; k++) s += (k - sa) ** 2 * c.pSum[k]; return s; },
  },
  { name: 'Dissimilarity', ibsi: '8S9J', pyradiomics: false, compute: diffAverage },
];
