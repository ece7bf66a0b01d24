/**
 * GLDM family (PyRadiomics' grey-level dependence matrix, 14 features). IBSI codes hold for alpha = 0 and distance 1,
 * where the GLDM is IBSI's NGLDM (see ngldm.ts for the IBSI-named table with the 3 extra features).
 */
import { computeDependence, dependenceFeatures, type DependenceMatrix, type DependenceOptions } from './dependence-family.js';
import { sizeStat, type SizeCoefficients } from './size-features.js';
import type { DiscretisedRegion, FeatureDef, FeatureValues } from './types.js';

export type { DependenceMatrix, DependenceOptions } from './dependence-family.js';

export const GLDM_FEATURES: FeatureDef<SizeCoefficients>[] = [
  { name: 'SmallDependenceEmphasis', ibsi: 'SODN', pyradiomics: true, compute: sizeStat.smallJ },
  { name: 'LargeDependenceEmphasis', ibsi: 'IMOQ', pyradiomics: true, compute: sizeStat.largeJ },
  { name: 'GrayLevelNonUniformity', ibsi: 'FP8K', pyradiomics: true, compute: sizeStat.greyNonUniformity },
  { name: 'DependenceNonUniformity', ibsi: 'Z87G', pyradiomics: true, compute: sizeStat.jNonUniformity },
  { name: 'DependenceNonUniformityNormalized', ibsi: 'OKJI', pyradiomics: true, compute: sizeStat.jNonUniformityNormalised },
  { name: 'GrayLevelVariance', ibsi: '1PFV', pyradiomics: true, compute: sizeStat.greyVariance },
  { name: 'DependenceVariance', ibsi: 'DNX2', pyradiomics: true, compute: sizeStat.jVariance },
  { name: 'DependenceEntropy', ibsi: 'FCBV', pyradiomics: true, compute: sizeStat.entropy },
  { name: 'LowGrayLevelEmphasis', ibsi: 'TL9H', pyradiomics: true, compute: sizeStat.lowGrey },
  { name: 'HighGrayLevelEmphasis', ibsi: 'OAE7', pyradiomics: true, compute: sizeStat.highGrey },
  { name: 'SmallDependenceLowGrayLevelEmphasis', ibsi: 'EQ3F', pyradiomics: true, compute: sizeStat.smallJLowGrey },
  { name: 'SmallDependenceHighGrayLevelEmphasis', ibsi: 'JA6D', pyradiomics: true, compute: sizeStat.smallJHighGrey },
  { name: 'LargeDependenceLowGrayLevelEmphasis', ibsi: 'NBZI', pyradiomics: true, compute: sizeStat.largeJLowGrey },
  { name: 'LargeDependenceHighGrayLevelEmphasis', ibsi: '9QMG', pyradiomics: true, compute: sizeStat.largeJHighGrey },
];

/** Dependence matrices: one for '3d'/'2.5d', one per slice for '2d'; columns are dependence counts 1..27 (3D). */
export function computeGldm(region: DiscretisedRegion, opts: DependenceOptions = {}): DependenceMatrix[] {
  return computeDependence(region, opts);
}

/** GLDM features (GLDM_FEATURES names); NaN for an empty ROI. */
export function gldmFeatures(region: DiscretisedRegion, opts: DependenceOptions = {}): FeatureValues {
  return dependenceFeatures(computeDependence(region, opts), GLDM_FEATURES);
}
