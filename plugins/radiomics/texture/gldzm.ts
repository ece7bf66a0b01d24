/**
 * GLDZM family (IBSI only, PyRadiomics has none): zones as in the GLSZM, counted by their smallest distance to the
 * ROI border (distance-map.ts), and 16 features.
 */
import { prepareRegion } from './region.js';
import { sizeStat, type SizeCoefficients } from './size-features.js';
import type { DiscretisedRegion, FeatureDef, FeatureValues } from './types.js';
import type { ZoneOptions } from './glszm.js';
import { zoneFeatures, zoneMatrices, type ZoneMatrix } from './zone-family.js';

export const GLDZM_FEATURES: FeatureDef<SizeCoefficients>[] = [
  { name: 'SmallDistanceEmphasis', ibsi: '0GBI', pyradiomics: false, compute: sizeStat.smallJ },
  { name: 'LargeDistanceEmphasis', ibsi: 'MB4I', pyradiomics: false, compute: sizeStat.largeJ },
  { name: 'LowGrayLevelZoneEmphasis', ibsi: 'S1RA', pyradiomics: false, compute: sizeStat.lowGrey },
  { name: 'HighGrayLevelZoneEmphasis', ibsi: 'K26C', pyradiomics: false, compute: sizeStat.highGrey },
  { name: 'SmallDistanceLowGrayLevelEmphasis', ibsi: 'RUVG', pyradiomics: false, compute: sizeStat.smallJLowGrey },
  { name: 'SmallDistanceHighGrayLevelEmphasis', ibsi: 'DKNJ', pyradiomics: false, compute: sizeStat.smallJHighGrey },
  { name: 'LargeDistanceLowGrayLevelEmphasis', ibsi: 'A7WM', pyradiomics: false, compute: sizeStat.largeJLowGrey },
  { name: 'LargeDistanceHighGrayLevelEmphasis', ibsi: 'KLTH', pyradiomics: false, compute: sizeStat.largeJHighGrey },
  { name: 'GrayLevelNonUniformity', ibsi: 'VFT7', pyradiomics: false, compute: sizeStat.greyNonUniformity },
  { name: 'GrayLevelNonUniformityNormalized', ibsi: '7HP3', pyradiomics: false, compute: sizeStat.greyNonUniformityNormalised },
  { name: 'ZoneDistanceNonUniformity', ibsi: 'V294', pyradiomics: false, compute: sizeStat.jNonUniformity },
  { name: 'ZoneDistanceNonUniformityNormalized', ibsi: 'IATH', pyradiomics: false, compute: sizeStat.jNonUniformityNormalised },
  { name: 'ZonePercentage', ibsi: 'VIWW', pyradiomics: false, compute: sizeStat.percentage },
  { name: 'GrayLevelVariance', ibsi: 'QK93', pyradiomics: false, compute: sizeStat.greyVariance },
  { name: 'ZoneDistanceVariance', ibsi: '7WT1', pyradiomics: false, compute: sizeStat.jVariance },
  { name: 'ZoneDistanceEntropy', ibsi: 'GBDU', pyradiomics: false, compute: sizeStat.entropy },
];

/** Distance-zone matrices: one for '3d'/'2.5d', one per non-empty slice for '2d'. Columns are the distances present. */
export function computeGldzm(region: DiscretisedRegion, opts: ZoneOptions = {}): ZoneMatrix[] {
  return zoneMatrices(region, prepareRegion(region), opts.aggregation ?? '3d', 'distance');
}

/** GLDZM features (GLDZM_FEATURES names); NaN for an empty ROI. */
export function gldzmFeatures(region: DiscretisedRegion, opts: ZoneOptions = {}): FeatureValues {
  return zoneFeatures(computeGldzm(region, opts), GLDZM_FEATURES);
}
