/**
 * Kruskal–Wallis H test with the tie correction (as R's kruskal.test and scipy.stats.kruskal):
 * used to show a site effect per feature before and after harmonization.
 */
import { pchisqUpper } from './chisq-dist.js';

export interface KruskalWallisResult {
  statistic: number;
  df: number;
  pValue: number;
}

/** H statistic and χ² p-value for `values` split into groups by `groups` (same length). */
export function kruskalWallis(values: ArrayLike<number>, groups: ArrayLike<string>): KruskalWallisResult {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j + 2) / 2; // mid-rank of positions i..j (1-based)
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  const sums = new Map<string, { r: number; n: number }>();
  for (let i = 0; i < n; i++) {
    const g = sums.get(groups[i]) ?? { r: 0, n: 0 };
    g.r += ranks[i];
    g.n += 1;
    sums.set(groups[i], g);
  }
  let h = 0;
  for (const { r, n: ng } of sums.values()) h += (r * r) / ng;
  h = (12 / (n * (n + 1))) * h - 3 * (n + 1);
  const correction = 1 - tieTerm / (n * n * n - n);
  h = correction > 0 ? h / correction : NaN;
  const df = sums.size - 1;
  return { statistic: h, df, pValue: df > 0 ? pchisqUpper(h, df) : NaN };
}
