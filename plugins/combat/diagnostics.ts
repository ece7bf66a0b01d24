/**
 * Site-effect diagnostics for reports: per-feature Kruskal–Wallis p-values across batches and a
 * two-component PCA scatter coloured by batch, before and after harmonization. Needs the pooled
 * rows, so it runs where they are allowed (the CLI, a single-site study, a synthetic benchmark).
 */
import { kruskalWallis } from '../../core/stats/kruskal-wallis.js';
import { computeFeatureMoments, covarianceOf } from '../select/moments.js';
import { pcaFromCovariance, projectPca } from '../select/pca.js';

export interface SiteEffectDiagnostics {
  /** Kruskal–Wallis p-value per feature. */
  pValues: number[];
  /** Share of features with p < alpha. */
  fractionSignificant: number;
  alpha: number;
  /** First two principal components (standardized features) with each case's batch. */
  pca: { x: number[]; y: number[]; batch: string[]; explained: number[] };
}

export function siteEffect(features: Float64Array[], batch: string[], alpha = 0.05): SiteEffectDiagnostics {
  const pValues = features.map((c) => kruskalWallis(c, batch).pValue);
  const fractionSignificant = pValues.filter((p) => p < alpha).length / pValues.length;
  // Constant columns have no direction; leave them out of the PCA.
  const m = computeFeatureMoments(features, null, false);
  const varying = features.filter((_, f) => m.all.m2[f] > 0);
  const mv = computeFeatureMoments(varying, null, true);
  const model = pcaFromCovariance(covarianceOf(mv), mv.all.mean, varying.length, 2);
  const [x, y] = projectPca(model, varying);
  return { pValues, fractionSignificant, alpha, pca: { x: Array.from(x ?? []), y: Array.from(y ?? []), batch, explained: model.explained } };
}
