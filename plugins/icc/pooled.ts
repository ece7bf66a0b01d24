/**
 * Two-way ANOVA summaries of one site's ratings, merged across sites without a shared centre:
 * each site sends, per feature, its number of targets, grand mean, rater means, and the total and
 * between-target sums of squares about its own means; the coordinator merges them (Chan et al.) into
 * the pooled mean squares. No target's ratings leave the site.
 */
import { fromSumsOfSquares, type MeanSquares } from './icc.js';

export interface SiteAnova {
  n: number;
  k: number;
  mean: number;
  /** Rater (column) means over this site's targets. */
  colMeans: number[];
  /** Σ (y − mean)² over the site's n × k block. */
  ssTotal: number;
  /** k Σ (row mean − mean)². */
  ssRows: number;
}

export function siteAnova(ratings: ArrayLike<number>[], k: number): SiteAnova {
  const n = ratings.length;
  const colMeans = new Array<number>(k).fill(0);
  let mean = 0;
  for (const row of ratings) for (let j = 0; j < k; j++) colMeans[j] += row[j] / n;
  for (let j = 0; j < k; j++) mean += colMeans[j] / k;
  let ssTotal = 0;
  let ssRows = 0;
  for (const row of ratings) {
    let rm = 0;
    for (let j = 0; j < k; j++) {
      ssTotal += (row[j] - mean) ** 2;
      rm += row[j] / k;
    }
    ssRows += k * (rm - mean) ** 2;
  }
  return { n, k, mean, colMeans, ssTotal, ssRows };
}

export function mergeSiteAnova(parts: SiteAnova[]): MeanSquares {
  const k = parts[0].k;
  const n = parts.reduce((a, p) => a + p.n, 0);
  const mean = parts.reduce((a, p) => a + (p.n / n) * p.mean, 0);
  const colMeans = new Array<number>(k).fill(0);
  for (const p of parts) p.colMeans.forEach((c, j) => (colMeans[j] += (p.n / n) * c));
  let ssTotal = 0;
  let ssRows = 0;
  for (const p of parts) {
    const d = p.mean - mean;
    ssTotal += p.ssTotal + p.n * k * d * d;
    ssRows += p.ssRows + p.n * k * d * d;
  }
  let ssCols = 0;
  for (let j = 0; j < k; j++) ssCols += n * (colMeans[j] - mean) ** 2;
  return fromSumsOfSquares(n, k, ssTotal, ssRows, ssCols);
}
