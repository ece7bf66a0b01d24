/**
 * Hosmer–Lemeshow goodness of fit with ResourceSelection's grouping (hoslem.test): breaks are the
 * unique type-7 quantiles of p at 0, 1/g, …, 1; bins are right-closed with the lowest value
 * included; X² sums (O − E)²/E over bins and both outcome columns; df = g − 2 (the requested g,
 * even when tied quantiles merge bins, as ResourceSelection does). This is not Stata's xtile
 * grouping, which keeps ties together and can give a different statistic.
 */
import { pchisqUpper } from '../../core/stats/chisq-dist.js';
import { quantileType7 } from '../../core/stats/quantile-type7.js';

export interface HosmerLemeshowBin {
  upper: number;
  n: number;
  observed1: number;
  expected1: number;
}

export interface HosmerLemeshow {
  statistic: number;
  df: number;
  pValue: number;
  groups: number;
  bins: HosmerLemeshowBin[];
}

/** @param g number of groups @default 10 */
export function hosmerLemeshow(labels: ArrayLike<number>, probs: ArrayLike<number>, g = 10): HosmerLemeshow {
  const probsSeq = Array.from({ length: g + 1 }, (_, k) => k / g);
  const breaks = [...new Set(quantileType7(probs, probsSeq))];
  const nb = breaks.length - 1;
  const n1 = new Float64Array(nb), n = new Float64Array(nb), e1 = new Float64Array(nb), e0 = new Float64Array(nb), o0 = new Float64Array(nb);
  for (let i = 0; i < labels.length; i++) {
    const p = probs[i];
    // First bin whose upper break is ≥ p (right-closed); the lowest value falls in bin 0.
    let lo = 0, hi = nb - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p <= breaks[mid + 1]) hi = mid;
      else lo = mid + 1;
    }
    n[lo]++;
    n1[lo] += labels[i];
    o0[lo] += 1 - labels[i];
    e1[lo] += p;
    e0[lo] += 1 - p;
  }
  let statistic = 0;
  const bins: HosmerLemeshowBin[] = [];
  for (let b = 0; b < nb; b++) {
    // An empty bin would give 0/0 in R (NaN); it cannot occur with type-7 breaks of the same data.
    if (n[b] === 0) continue;
    statistic += (o0[b] - e0[b]) ** 2 / e0[b] + (n1[b] - e1[b]) ** 2 / e1[b];
    bins.push({ upper: breaks[b + 1], n: n[b], observed1: n1[b], expected1: e1[b] });
  }
  const df = g - 2;
  return { statistic, df, pValue: pchisqUpper(statistic, df), groups: bins.length, bins };
}
