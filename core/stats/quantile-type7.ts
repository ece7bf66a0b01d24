/**
 * Sample quantiles by R's default definition (type 7: linear interpolation between order
 * statistics at h = (n−1)p), which pROC and ResourceSelection both use.
 */

/** Quantiles of `values` at probabilities `probs` (NaN-free input; not modified). */
export function quantileType7(values: ArrayLike<number>, probs: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return probs.map((p) => quantileSorted(sorted, p));
}

/** Type-7 quantile of an already ascending array, with R's exact arithmetic (1-based index). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const index = 1 + Math.max(n - 1, 0) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = sorted[lo - 1];
  const xh = sorted[hi - 1];
  if (!(index > lo && xh !== qs)) return qs;
  const h = index - lo;
  return (1 - h) * qs + h * xh;
}
