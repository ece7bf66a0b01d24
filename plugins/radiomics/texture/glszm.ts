/**
 * GLSZM family: grey-level size-zone matrix (26-connected zones in 3D, 8-connected in-plane) and its 16 features.
 */
import { prepareRegion } from './region.js';
import { sizeStat, type SizeCoefficients } from './size-features.js';
import type { DiscretisedRegion, FeatureDef, FeatureValues, ZoneAggregation } from './types.js';
import { zoneFeatures, zoneMatrices, type ZoneMatrix } from './zone-family.js';

export const GLSZM_FEATURES: FeatureDef<SizeCoefficients>[] = [
  { name: 'SmallAreaEmphasis', ibsi: '5QRC', pyradiomics: true, compute: sizeStat.smallJ },
  { name: 'LargeAreaEmphasis', ibsi: '48P8', pyradiomics: true, compute: sizeStat.largeJ },
  { name: 'GrayLevelNonUniformity', ibsi: 'JNSA', pyradiomics: true, compute: sizeStat.greyNonUniformity },
  { name: 'GrayLevelNonUniformityNormalized', ibsi: 'Y1RO', pyradiomics: true, compute: sizeStat.greyNonUniformityNormalised },
  { name: 'SizeZoneNonUniformity', ibsi: '4JP3', pyradiomics: true, compute: sizeStat.jNonUniformity },
  { name: 'SizeZoneNonUniformityNormalized', ibsi: 'VB3A', pyradiomics: true, compute: sizeStat.jNonUniformityNormalised },
  { name: 'ZonePercentage', ibsi: 'P30P', pyradiomics: true, compute: sizeStat.percentage },
  { name: 'GrayLevelVariance', ibsi: 'BYLV', pyradiomics: true, compute: sizeStat.greyVariance },
  { name: 'ZoneVariance', ibsi: '3NSA', pyradiomics: true, compute: sizeStat.jVariance },
  { name: 'ZoneEntropy', ibsi: 'GU8N', pyradiomics: true, compute: sizeStat.entropy },
  { name: 'LowGrayLevelZoneEmphasis', ibsi: 'XMSY', pyradiomics: true, compute: sizeStat.lowGrey },
  { name: 'HighGrayLevelZoneEmphasis', ibsi: '5GN9', pyradiomics: true, compute: sizeStat.highGrey },
  { name: 'SmallAreaLowGrayLevelEmphasis', ibsi: '5RAI', pyradiomics: true, compute: sizeStat.smallJLowGrey },
  { name: 'SmallAreaHighGrayLevelEmphasis', ibsi: 'HW1V', pyradiomics: true, compute: sizeStat.smallJHighGrey },
  { name: 'LargeAreaLowGrayLevelEmphasis', ibsi: 'YH51', pyradiomics: true, compute: sizeStat.largeJLowGrey },
  { name: 'LargeAreaHighGrayLevelEmphasis', ibsi: 'J17V', pyradiomics: true, compute: sizeStat.largeJHighGrey },
];

export interface ZoneOptions {
  /** '3d' (PyRadiomics default), '2.5d' (PyRadiomics force2D: in-plane zones, one matrix) or '2d' (per slice). @default '3d' */
  aggregation?: ZoneAggregation;
}

/** Size-zone matrices: one for '3d'/'2.5d', one per non-empty slice for '2d'. Columns are the zone sizes present. */
export function computeGlszm(region: DiscretisedRegion, opts: ZoneOptions = {}): ZoneMatrix[] {
  return zoneMatrices(region, prepareRegion(region), opts.aggregation ?? '3d', 'size');
}

/** GLSZM features (GLSZM_FEATURES names); NaN for an empty ROI. */
export function glszmFeatures(region: DiscretisedRegion, opts: ZoneOptions = {}): FeatureValues {
  return zoneFeatures(computeGlszm(region, opts), GLSZM_FEATURES);
}
