/**
 * Feature filters on pooled statistics: variance, reliability (ICC) and correlation redundancy.
 * Each returns the kept features and, for every dropped one, why.
 */

export interface FilterResult {
  kept: number[];
  dropped: { feature: number; reason: string }[];
}

export interface VarianceFilterOptions {
  /** Drop features whose sample variance is at most this. @default 0 */
  minVariance?: number;
  /**
   * Drop near-zero-variance features: coefficient of variation (sd/|mean|) below this. caret's
   * nearZeroVar uses value frequencies, which would need per-value counts from sites; the CV needs
   * only sums. @default 1e-8
   */
  minCv?: number;
}

export function varianceFilter(n: number, mean: Float64Array, m2: Float64Array, o: VarianceFilterOptions = {}): FilterResult {
  const minVar = o.minVariance ?? 0;
  const minCv = o.minCv ?? 1e-8;
  const out: FilterResult = { kept: [], dropped: [] };
  for (let f = 0; f < mean.length; f++) {
    const v = m2[f] / (n - 1);
    const cv = Math.sqrt(v) / Math.abs(mean[f]);
    if (!(v > minVar)) out.dropped.push({ feature: f, reason: `variance ${v.toPrecision(3)} ≤ ${minVar}` });
    else if (cv < minCv) out.dropped.push({ feature: f, reason: `near-zero variance: CV ${cv.toPrecision(3)} < ${minCv}` });
    else out.kept.push(f);
  }
  return out;
}

/** Keeps features whose reliability (e.g. ICC(3,1)) is at least `threshold`; unknown reliability is dropped. */
export function reliabilityFilter(candidates: number[], reliability: (f: number) => number | undefined, threshold = 0.75): FilterResult {
  const out: FilterResult = { kept: [], dropped: [] };
  for (const f of candidates) {
    const r = reliability(f);
    if (r === undefined || Number.isNaN(r)) out.dropped.push({ feature: f, reason: 'no reliability estimate' });
    else if (r < threshold) out.dropped.push({ feature: f, reason: `ICC ${r.toFixed(3)} < ${threshold}` });
    else out.kept.push(f);
  }
  return out;
}

/**
 * Correlation redundancy: visit features from most to least reliable (ties, or no reliability: input
 * order — a variance tie-break would depend on units and on rounding) and keep one unless
 * |r| > threshold with a feature already kept. Each kept feature represents the cluster of features
 * it displaced.
 */
export function correlationFilter(
  candidates: number[],
  cov: Float64Array,
  F: number,
  threshold = 0.9,
  reliability?: (f: number) => number | undefined,
): FilterResult & { clusters: Map<number, number[]> } {
  const score = (f: number) => reliability?.(f) ?? -Infinity;
  const order = [...candidates].sort((a, b) => (score(b) === score(a) ? a - b : score(b) - score(a)));
  const kept: number[] = [];
  const dropped: FilterResult['dropped'] = [];
  const clusters = new Map<number, number[]>();
  for (const f of order) {
    const rep = kept.find((k) => Math.abs(cov[f * F + k] / Math.sqrt(cov[f * F + f] * cov[k * F + k])) > threshold);
    if (rep === undefined) {
      kept.push(f);
      clusters.set(f, [f]);
    } else {
      const r = cov[f * F + rep] / Math.sqrt(cov[f * F + f] * cov[rep * F + rep]);
      dropped.push({ feature: f, reason: `|r| = ${Math.abs(r).toFixed(3)} > ${threshold} with a more reliable feature (#${rep})` });
      clusters.get(rep)!.push(f);
    }
  }
  kept.sort((a, b) => a - b);
  return { kept, dropped, clusters };
}
