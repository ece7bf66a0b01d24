/**
 * IBSI texture families as pure functions over a discretised region. The pipeline calls e.g.
 * `glcmFeatures(region, { aggregation: '3d-average' })` and prefixes the names (`original_glcm_Contrast`).
 * Feature tables (name, IBSI code, PyRadiomics flag, compute): GLCM_FEATURES, GLRLM_FEATURES, GLSZM_FEATURES,
 * GLDM_FEATURES, NGTDM_FEATURES, NGLDM_FEATURES, GLDZM_FEATURES.
 */
export type { DiscretisedRegion, DirectionalAggregation, ZoneAggregation, FeatureDef, FeatureValues, Offset } from './types.js';
export { computeGlcm, glcmFeatures, GLCM_FEATURES, type GlcmOptions, type GlcmMatrices } from './glcm.js';
export { computeGlrlm, glrlmFeatures, GLRLM_FEATURES, type GlrlmOptions, type GlrlmMatrices } from './glrlm.js';
export { computeGlszm, glszmFeatures, GLSZM_FEATURES, type ZoneOptions } from './glszm.js';
export { computeGldzm, gldzmFeatures, GLDZM_FEATURES } from './gldzm.js';
export { computeGldm, gldmFeatures, GLDM_FEATURES, type DependenceOptions, type DependenceMatrix } from './gldm.js';
export { computeNgldm, ngldmFeatures, NGLDM_FEATURES } from './ngldm.js';
export { computeNgtdm, ngtdmFeatures, NGTDM_FEATURES, type NgtdmOptions, type NgtdmMatrix } from './ngtdm.js';
export type { ZoneMatrix } from './zone-family.js';
export { neighbourOffsets, type DirectionOptions } from './directions.js';
export type { WeightingNorm } from './weighting.js';
