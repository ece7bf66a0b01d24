/**
 * Univariate association tests from per-class sums: Student and Welch t for two classes, one-way
 * ANOVA F for any number (F = t² for two classes with pooled variance).
 */
import { fSf, tTwoSided } from '../../core/stats/beta-dist.js';
import type { GroupMoments } from './moments.js';

export interface UnivariateResult {
  /** One-way ANOVA F and p (any number of classes). */
  F: number;
  pAnova: number;
  /** Two classes only: Welch t (second class minus first, in sorted label order) and its p. */
  welchT?: number;
  pWelch?: number;
}

export function univariateTests(groups: GroupMoments[], f: number): UnivariateResult {
  const k = groups.length;
  const n = groups.reduce((a, g) => a + g.n, 0);
  const grand = groups.reduce((a, g) => a + g.n * g.mean[f], 0) / n;
  let ssb = 0;
  let ssw = 0;
  for (const g of groups) {
    ssb += g.n * (g.mean[f] - grand) ** 2;
    ssw += g.m2[f];
  }
  const F = ssb / (k - 1) / (ssw / (n - k));
  const out: UnivariateResult = { F, pAnova: fSf(F, k - 1, n - k) };
  if (k === 2) {
    const [a, b] = groups;
    const va = a.m2[f] / (a.n - 1) / a.n;
    const vb = b.m2[f] / (b.n - 1) / b.n;
    const t = (b.mean[f] - a.mean[f]) / Math.sqrt(va + vb);
    const df = (va + vb) ** 2 / (va * va / (a.n - 1) + vb * vb / (b.n - 1));
    out.welchT = t;
    out.pWelch = tTwoSided(t, df);
  }
  return out;
}
