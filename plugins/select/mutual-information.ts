/**
 * Mutual information between a feature and the outcome from pooled joint counts. Bins are fixed
 * before counting — equal-probability bins of a normal with the pooled mean and sd — so that sites
 * count into the same bins and send counts only.
 */
import { qnorm } from '../../core/stats/normal-dist.js';

/** Inner bin edges (bins − 1 of them) for one feature. */
export function binEdges(mean: number, sd: number, bins: number): number[] {
  return Array.from({ length: bins - 1 }, (_, k) => mean + sd * qnorm((k + 1) / bins));
}

export function binOf(x: number, edges: number[]): number {
  let b = 0;
  while (b < edges.length && x > edges[b]) b++;
  return b;
}

/** Counts[class][bin] of one feature at one site. */
export function jointCounts(x: ArrayLike<number>, labels: string[], classes: string[], edges: number[]): number[][] {
  const at = new Map(classes.map((c, i) => [c, i]));
  const counts = classes.map(() => new Array<number>(edges.length + 1).fill(0));
  for (let i = 0; i < x.length; i++) {
    const c = at.get(labels[i]);
    if (c !== undefined) counts[c][binOf(x[i], edges)]++;
  }
  return counts;
}

/** Plug-in MI (nats) of a classes × bins contingency table. */
export function mutualInformation(counts: number[][]): number {
  const n = counts.reduce((a, r) => a + r.reduce((s, v) => s + v, 0), 0);
  const rows = counts.map((r) => r.reduce((s, v) => s + v, 0));
  const cols = counts[0].map((_, b) => counts.reduce((s, r) => s + r[b], 0));
  let mi = 0;
  counts.forEach((r, c) =>
    r.forEach((v, b) => {
      if (v > 0) mi += (v / n) * Math.log((v * n) / (rows[c] * cols[b]));
    }),
  );
  return mi;
}
