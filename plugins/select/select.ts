/**
 * The selection pipeline on pooled moments: variance filter → reliability (ICC) filter →
 * univariate association filter → correlation redundancy (keep the most reliable) → top K, and
 * an optional PCA of what is left. Pure: the federated stage and tests call it the same way.
 */
import { correlationFilter, reliabilityFilter, varianceFilter, type FilterResult } from './filters.js';
import { covarianceOf, type FeatureMoments } from './moments.js';
import { pcaFromCovariance, type PcaModel } from './pca.js';
import { univariateTests, type UnivariateResult } from './univariate.js';

export interface SelectOptions {
  /** @default 0 */
  minVariance?: number;
  /** @default 1e-8 */
  minCv?: number;
  /** Reliability per feature name (e.g. ICC(3,1) from a reliability stage). */
  reliability?: Record<string, number>;
  /** @default 0.75 */
  iccThreshold?: number;
  /** |r| above which features are redundant; null disables. @default 0.9 */
  correlationThreshold?: number | null;
  /** Keep features whose univariate p-value (ANOVA F) is at most this; needs an outcome. */
  maxP?: number;
  /** Keep at most this many features, smallest p first (or input order without an outcome). */
  topK?: number;
  /** Principal components to fit on the selected features (standardized). @default 0 */
  pcaComponents?: number;
  /** Mutual information with the outcome per feature (from `mutual-information.ts`). */
  mi?: number[];
  /** What `topK` ranks by: smallest p-value, or largest mutual information. @default 'p' */
  rankBy?: 'p' | 'mi';
}

export interface FeatureReport {
  feature: string;
  variance: number;
  icc?: number;
  univariate?: UnivariateResult;
  mi?: number;
  kept: boolean;
  /** Why it was dropped (first filter that removed it). */
  reason?: string;
}

export interface SelectionResult {
  selected: string[];
  report: FeatureReport[];
  pca?: PcaModel & { features: string[] };
}

export function selectFeatures(names: string[], m: FeatureMoments, o: SelectOptions = {}): SelectionResult {
  const F = names.length;
  const report: FeatureReport[] = names.map((feature, f) => ({ feature, variance: m.all.m2[f] / (m.all.n - 1), kept: false }));
  const drop = (r: FilterResult) => r.dropped.forEach((d) => (report[d.feature].reason ??= d.reason));

  if (o.mi) o.mi.forEach((v, f) => (report[f].mi = v));
  const v = varianceFilter(m.all.n, m.all.mean, m.all.m2, o);
  drop(v);
  let current = v.kept;

  const rel = o.reliability;
  const relOf = rel ? (f: number) => rel[names[f]] : undefined;
  if (rel) {
    names.forEach((n, f) => (report[f].icc = rel[n]));
    const r = reliabilityFilter(current, relOf!, o.iccThreshold ?? 0.75);
    drop(r);
    current = r.kept;
  }

  const labels = [...m.classes.keys()].sort();
  if (labels.length >= 2) {
    const groups = labels.map((l) => m.classes.get(l)!);
    for (const f of current) report[f].univariate = univariateTests(groups, f);
    if (o.maxP !== undefined) {
      const maxP = o.maxP;
      const keep = current.filter((f) => report[f].univariate!.pAnova <= maxP);
      current.filter((f) => !keep.includes(f)).forEach((f) => (report[f].reason ??= `p = ${report[f].univariate!.pAnova.toPrecision(3)} > ${maxP}`));
      current = keep;
    }
  }

  const threshold = o.correlationThreshold === undefined ? 0.9 : o.correlationThreshold;
  if (threshold !== null && m.comoment) {
    const c = correlationFilter(current, covarianceOf(m), F, threshold, relOf);
    drop(c);
    current = c.kept;
  }

  if (o.topK !== undefined && current.length > o.topK) {
    const key = (f: number) => (o.rankBy === 'mi' ? -(report[f].mi ?? -Infinity) : (report[f].univariate?.pAnova ?? 0));
    const byP = [...current].sort((a, b) => key(a) - key(b) || a - b);
    const keep = new Set(byP.slice(0, o.topK));
    current.filter((f) => !keep.has(f)).forEach((f) => (report[f].reason ??= `not among the top ${o.topK}`));
    current = current.filter((f) => keep.has(f));
  }

  current.forEach((f) => (report[f].kept = true));
  const selected = current.map((f) => names[f]);
  const result: SelectionResult = { selected, report };
  if (o.pcaComponents && m.comoment && current.length > 0) {
    const cov = covarianceOf(m);
    const k = current.length;
    const sub = new Float64Array(k * k);
    current.forEach((a, i) => current.forEach((b, j) => (sub[i * k + j] = cov[a * F + b])));
    result.pca = { ...pcaFromCovariance(sub, current.map((f) => m.all.mean[f]), k, o.pcaComponents), features: selected };
  }
  return result;
}
