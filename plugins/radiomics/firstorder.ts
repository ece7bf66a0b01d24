/**
 * First-order features: PyRadiomics' 18 (intensity statistics over the ROI, plus Entropy and
 * Uniformity over the discretised levels) and the IBSI extras (intensity statistics and the intensity
 * histogram family). Pure functions over the ROI's values; percentiles by selection (within the levels that hold
 * them), one pass per moment.
 */
import { valuesAtRanks, valuesAtRanksByLevel } from './order-statistics.js';

export interface FirstOrderInput {
  /** Intensities of ROI voxels (any order). */
  values: Float64Array;
  /** Discretised level (1..nLevels) of each ROI voxel, same order as `values`. */
  levels: Uint16Array;
  /** Number of levels (histogram bins 1..nLevels). */
  nLevels: number;
  /** Volume of one voxel in mm³ (for TotalEnergy). */
  voxelVolume: number;
  /** Shift added before squaring in Energy, TotalEnergy, RootMeanSquared. @default 0 */
  voxelArrayShift?: number;
}

/** PyRadiomics' default (non-deprecated) first-order features, in its order. */
export const PYRADIOMICS_FIRSTORDER = [
  'Energy', 'TotalEnergy', 'Entropy', 'Minimum', '10Percentile', '90Percentile', 'Maximum', 'Mean', 'Median',
  'InterquartileRange', 'Range', 'MeanAbsoluteDeviation', 'RobustMeanAbsoluteDeviation', 'RootMeanSquared',
  'Skewness', 'Kurtosis', 'Variance', 'Uniformity',
] as const;

/** IBSI intensity-statistics features PyRadiomics lacks (or defines differently), by our name. */
export const IBSI_INTENSITY_EXTRAS = [
  'StandardDeviation', 'ExcessKurtosis', 'MedianAbsoluteDeviation', 'CoefficientOfVariation', 'QuartileCoefficientOfDispersion',
] as const;

/** IBSI intensity-histogram features (over discretised levels), by our name. */
export const IBSI_HISTOGRAM = [
  'HistogramMean', 'HistogramVariance', 'HistogramSkewness', 'HistogramExcessKurtosis', 'HistogramMedian',
  'HistogramMinimum', 'Histogram10Percentile', 'Histogram90Percentile', 'HistogramMaximum', 'HistogramMode',
  'HistogramInterquartileRange', 'HistogramRange', 'HistogramMeanAbsoluteDeviation',
  'HistogramRobustMeanAbsoluteDeviation', 'HistogramMedianAbsoluteDeviation', 'HistogramCoefficientOfVariation',
  'HistogramQuartileCoefficientOfDispersion', 'HistogramEntropy', 'HistogramUniformity', 'MaximumHistogramGradient',
  'MaximumHistogramGradientGreyLevel', 'MinimumHistogramGradient', 'MinimumHistogramGradientGreyLevel',
] as const;

export const FIRSTORDER_FEATURES: string[] = [...PYRADIOMICS_FIRSTORDER, ...IBSI_INTENSITY_EXTRAS, ...IBSI_HISTOGRAM];

/** Sorted-order positions numpy.percentile (linear interpolation) reads for q: lo, hi and the weight of hi. */
function percentilePosition(n: number, q: number): { lo: number; hi: number; frac: number } {
  const pos = ((n - 1) * q) / 100;
  const lo = Math.floor(pos);
  return { lo, hi: Math.min(n - 1, lo + 1), frac: pos - lo };
}

/** numpy.percentile of q, given the values at the sorted positions it reads. */
function percentile(at: Map<number, number>, n: number, q: number): number {
  const { lo, hi, frac } = percentilePosition(n, q);
  // NumPy's lerp form; keeps results bit-identical when both neighbours are equal.
  const a = at.get(lo)!;
  const b = at.get(hi)!;
  const d = b - a;
  return frac >= 0.5 ? b - d * (1 - frac) : a + d * frac;
}

interface Stats {
  mean: number;
  m2: number;
  m3: number;
  m4: number;
  min: number;
  max: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  mad: number;
  rmad: number;
  medad: number;
}

/** The voxels' discretised levels, which narrow the percentiles' selections to a few levels' values. */
interface Binned {
  levels: Uint16Array;
  nLevels: number;
}

function statistics(values: ArrayLike<number>, binned?: Binned): Stats {
  const n = values.length;
  const qs = [10, 25, 50, 75, 90];
  const ranks = qs.flatMap((q) => { const p = percentilePosition(n, q); return [p.lo, p.hi]; });
  const at = binned ? valuesAtRanksByLevel(values, binned.levels, binned.nLevels, ranks) : valuesAtRanks(values, ranks);
  let sum = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let mad = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    mad += Math.abs(d);
  }
  const p10 = percentile(at, n, 10);
  const p90 = percentile(at, n, 90);
  const p50 = percentile(at, n, 50);
  // Robust MAD: mean absolute deviation of the values within [P10, P90] from their own mean.
  let rs = 0;
  let rn = 0;
  for (let i = 0; i < n; i++) if (values[i] >= p10 && values[i] <= p90) { rs += values[i]; rn++; }
  const rmean = rs / rn;
  let rmad = 0;
  for (let i = 0; i < n; i++) if (values[i] >= p10 && values[i] <= p90) rmad += Math.abs(values[i] - rmean);
  let medad = 0;
  for (let i = 0; i < n; i++) medad += Math.abs(values[i] - p50);
  return {
    mean, m2: m2 / n, m3: m3 / n, m4: m4 / n, min, max,
    p10, p25: percentile(at, n, 25), p50, p75: percentile(at, n, 75), p90,
    mad: mad / n, rmad: rmad / rn, medad: medad / n,
  };
}

/** log2 with NumPy's eps guard, as PyRadiomics: -Σ p·log2(p + eps). */
const EPS = 2.220446049250313e-16;

function histogramFeatures(levels: Uint16Array, nLevels: number): Record<string, number> {
  const n = levels.length;
  const counts = new Float64Array(nLevels + 1);
  for (let i = 0; i < n; i++) counts[levels[i]]++;
  let entropy = 0;
  let uniformity = 0;
  for (let g = 1; g <= nLevels; g++) {
    const p = counts[g] / n;
    entropy -= p * Math.log2(p + EPS);
    uniformity += p * p;
  }
  return { entropy, uniformity };
}

function ibsiHistogram(levels: Uint16Array, nLevels: number): Record<string, number> {
  const s = statistics(levels);
  const counts = new Float64Array(nLevels + 2);
  for (let i = 0; i < levels.length; i++) counts[levels[i]]++;
  let mode = 1;
  for (let g = 1; g <= nLevels; g++) if (counts[g] > counts[mode]) mode = g;
  const { entropy, uniformity } = histogramFeatures(levels, nLevels);
  // IBSI histogram gradient: central differences inside, one-sided at both ends.
  let gMax = -Infinity;
  let gMaxAt = 1;
  let gMin = Infinity;
  let gMinAt = 1;
  for (let g = 1; g <= nLevels; g++) {
    const grad = nLevels === 1 ? 0
      : g === 1 ? counts[2] - counts[1]
      : g === nLevels ? counts[nLevels] - counts[nLevels - 1]
      : (counts[g + 1] - counts[g - 1]) / 2;
    if (grad > gMax) { gMax = grad; gMaxAt = g; }
    if (grad < gMin) { gMin = grad; gMinAt = g; }
  }
  return {
    HistogramMean: s.mean, HistogramVariance: s.m2,
    HistogramSkewness: s.m2 === 0 ? 0 : s.m3 / s.m2 ** 1.5,
    HistogramExcessKurtosis: s.m2 === 0 ? 0 : s.m4 / (s.m2 * s.m2) - 3,
    HistogramMedian: s.p50, HistogramMinimum: s.min, Histogram10Percentile: s.p10, Histogram90Percentile: s.p90,
    HistogramMaximum: s.max, HistogramMode: mode, HistogramInterquartileRange: s.p75 - s.p25,
    HistogramRange: s.max - s.min, HistogramMeanAbsoluteDeviation: s.mad,
    HistogramRobustMeanAbsoluteDeviation: s.rmad, HistogramMedianAbsoluteDeviation: s.medad,
    HistogramCoefficientOfVariation: Math.sqrt(s.m2) / s.mean,
    HistogramQuartileCoefficientOfDispersion: (s.p75 - s.p25) / (s.p75 + s.p25),
    HistogramEntropy: entropy, HistogramUniformity: uniformity,
    MaximumHistogramGradient: gMax, MaximumHistogramGradientGreyLevel: gMaxAt,
    MinimumHistogramGradient: gMin, MinimumHistogramGradientGreyLevel: gMinAt,
  };
}

/**
 * Every first-order feature by name. A flat region gives Skewness = Kurtosis = 0 (PyRadiomics'
 * convention) and CoefficientOfVariation = 0 when the mean is non-zero.
 */
export function firstOrderFeatures(input: FirstOrderInput, names: readonly string[] = PYRADIOMICS_FIRSTORDER): Record<string, number> {
  const { values, levels, nLevels, voxelVolume } = input;
  const shift = input.voxelArrayShift ?? 0;
  const n = values.length;
  const s = statistics(values, { levels, nLevels });
  let energy = 0;
  for (let i = 0; i < n; i++) energy += (values[i] + shift) ** 2;
  const { entropy, uniformity } = histogramFeatures(levels, nLevels);
  const all: Record<string, number> = {
    Energy: energy,
    TotalEnergy: energy * voxelVolume,
    Entropy: entropy,
    Minimum: s.min,
    '10Percentile': s.p10,
    '90Percentile': s.p90,
    Maximum: s.max,
    Mean: s.mean,
    Median: s.p50,
    InterquartileRange: s.p75 - s.p25,
    Range: s.max - s.min,
    MeanAbsoluteDeviation: s.mad,
    RobustMeanAbsoluteDeviation: s.rmad,
    RootMeanSquared: Math.sqrt(energy / n),
    Skewness: s.m2 === 0 ? 0 : s.m3 / s.m2 ** 1.5,
    Kurtosis: s.m2 === 0 ? 0 : s.m4 / (s.m2 * s.m2),
    Variance: s.m2,
    Uniformity: uniformity,
    StandardDeviation: Math.sqrt(s.m2),
    ExcessKurtosis: s.m2 === 0 ? 0 : s.m4 / (s.m2 * s.m2) - 3,
    MedianAbsoluteDeviation: s.medad,
    CoefficientOfVariation: Math.sqrt(s.m2) / s.mean,
    QuartileCoefficientOfDispersion: (s.p75 - s.p25) / (s.p75 + s.p25),
  };
  const wantsHistogram = names.some((x) => x.startsWith('Histogram') || x.includes('HistogramGradient'));
  if (wantsHistogram) Object.assign(all, ibsiHistogram(levels, nLevels));
  const out: Record<string, number> = {};
  for (const name of names) {
    if (!(name in all)) throw new RangeError(`unknown first-order feature ${name}`);
    out[name] = all[name];
  }
  return out;
}
