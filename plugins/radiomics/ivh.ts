/**
 * IBSI intensity-volume histogram features. ν(i) is the fraction of ROI volume with grey level ≥ i;
 * γ(i) = (i − lo)/(hi − lo) is the intensity fraction, lo/hi being the re-segmentation range when one
 * is set and the ROI's extremes otherwise.
 */

export const IVH_FEATURES = [
  'IVHVolumeFraction10', 'IVHVolumeFraction90', 'IVHIntensity10', 'IVHIntensity90',
  'IVHVolumeFractionDifference', 'IVHIntensityDifference',
] as const;

export interface IvhOptions {
  /** Fixed bin width for the IVH (intensities become bin centres); null = none. @default null */
  binWidth?: number | null;
  /** Fixed bin count (levels 1..count); null = none. @default null */
  binCount?: number | null;
  /** Re-segmentation range, if any. @default null */
  range?: [number, number] | null;
}

export function ivhFeatures(values: Float64Array, opts: IvhOptions = {}): Record<string, number> {
  const n = values.length;
  let min = Infinity, max = -Infinity;
  for (const v of values) { if (v < min) min = v; if (v > max) max = v; }
  const range = opts.range ?? null;
  // Grey levels g[k] (ascending) and the level of every voxel.
  let levels: Float64Array;
  let lo: number, hi: number, step: number;
  if (opts.binCount) {
    const nb = opts.binCount;
    levels = values.map((v) => (max === min ? 1 : v === max ? nb : Math.floor((nb * (v - min)) / (max - min)) + 1));
    lo = 1; hi = nb; step = 1;
  } else if (opts.binWidth) {
    const w = opts.binWidth;
    const base = range ? range[0] : min;
    // Bin centres as intensities.
    levels = values.map((v) => base + (Math.floor((v - base) / w) + 0.5) * w);
    lo = range ? range[0] + 0.5 * w : base + 0.5 * w;
    hi = range ? base + (Math.floor((range[1] - base) / w) + 0.5) * w : base + (Math.floor((max - base) / w) + 0.5) * w;
    step = w;
  } else {
    levels = values;
    lo = range ? range[0] : min;
    hi = range ? range[1] : max;
    step = 1;
  }
  const sorted = Float64Array.from(levels).sort();
  /** ν(i): fraction of voxels with level ≥ i. */
  const nu = (i: number): number => {
    let a = 0, b = n;
    while (a < b) { const m = (a + b) >> 1; if (sorted[m] < i - 1e-9) a = m + 1; else b = m; }
    return (n - a) / n;
  };
  const nSteps = Math.round((hi - lo) / step);
  const grid = Array.from({ length: nSteps + 1 }, (_, k) => lo + k * step);
  const gamma = (i: number) => (hi === lo ? 0 : (i - lo) / (hi - lo));
  const volumeAt = (x: number) => {
    const i = grid.find((g) => gamma(g) >= x - 1e-12);
    return i === undefined ? 0 : nu(i);
  };
  const intensityAt = (x: number) => {
    const i = grid.find((g) => nu(g) <= x + 1e-12);
    return i === undefined ? hi + step : i;
  };
  const v10 = volumeAt(0.1), v90 = volumeAt(0.9), i10 = intensityAt(0.1), i90 = intensityAt(0.9);
  return {
    IVHVolumeFraction10: v10, IVHVolumeFraction90: v90, IVHIntensity10: i10, IVHIntensity90: i90,
    IVHVolumeFractionDifference: v10 - v90, IVHIntensityDifference: i10 - i90,
  };
}
