/**
 * NGLDM family (IBSI's neighbouring grey-level dependence matrix, 17 features, IBSI names). Same matrix as the
 * PyRadiomics GLDM; IBSI fixes α = 0 and δ = 1 (the defaults).
 */
import { computeDependence, dependenceFeatures, type DependenceMatrix, type DependenceOptions } from './dependence-family.js';
import { sizeStat, type SizeCoefficients } from './size-features.js';
import type { DiscretisedRegion, FeatureDef, FeatureValues } from './types.js';

/** `pyradiomics` marks the features PyRadiomics' GLDM also computes (under the names in GLDM_FEATURES). */
export const NGLDM_FEATURES: FeatureDef<SizeCoefficients>[] = [
  { name: 'LowDependenceEmphasis', ibsi: 'SODN', pyradiomics: true, compute: sizeStat.smallJ },
  { name: 'HighDependenceEmphasis', ibsi: 'IMOQ', pyradiomics: true, compute: sizeStat.largeJ },
  { name: 'LowGreyLevelCountEmphasis', ibsi: 'TL9H', pyradiomics: true, compute: sizeStat.lowGrey },
  { name: 'HighGreyLevelCountEmphasis', ibsi: 'OAE7', pyradiomics: true, compute: sizeStat.highGrey },
  { name: 'LowDependenceLowGreyLevelEmphasis', ibsi: 'EQ3F', pyradiomics: true, compute: sizeStat.smallJLowGrey },
  { name: 'LowDependenceHighGreyLevelEmphasis', ibsi: 'JA6D', pyradiomics: true, compute: sizeStat.smallJHighGrey },
  { name: 'HighDependenceLowGreyLevelEmphasis', ibsi: 'NBZI', pyradiomics: true, compute: sizeStat.largeJLowGrey },
  { name: 'HighDependenceHighGreyLevelEmphasis', ibsi: '9QMG', pyradiomics: true, compute: sizeStat.largeJHighGrey },
  { name: 'GreyLevelNonUniformity', ibsi: 'FP8K', pyradiomics: true, compute: sizeStat.greyNonUniformity },
  { name: 'GreyLevelNonUniformityNormalised', ibsi: '5SPA', pyradiomics: false, compute: sizeStat.greyNonUniformityNormalised },
  { name: 'DependenceCountNonUniformity', ibsi: 'Z87G', pyradiomics: true, compute: sizeStat.jNonUniformity },
  { name: 'DependenceCountNonUniformityNormalised', ibsi: 'OKJI', pyradiomics: true, compute: sizeStat.jNonUniformityNormalised },
  { name: 'DependenceCountPercentage', ibsi: '6XV8', pyradiomics: false, compute: sizeStat.percentage },
  { name: 'GreyLevelVariance', ibsi: '1PFV', pyradiomics: true, compute: sizeStat.greyVariance },
  { name: 'DependenceCountVariance', ibsi: 'DNX2', pyradiomics: true, compute: sizeStat.jVariance },
  { name: 'DependenceCountEntropy', ibsi: 'FCBV', pyradiomics: true, compute: sizeStat.entropy },
  { name: 'DependenceCountEnergy', ibsi: 'CAS9', pyradiomics: false, compute: sizeStat.energy },
];

export function computeNgldm(region: DiscretisedRegion, opts: DependenceOptions = {}): DependenceMatrix[] {
  return computeDependence(region, opts);
}

/** NGLDM features (NGLDM_FEATURES names); NaN for an empty ROI. */
export function ngldmFeatures(region: DiscretisedRegion, opts: DependenceOptions = {}): FeatureValues {
  return dependenceFeatures(computeDependence(region, opts), NGLDM_FEATURES);
}
