/**
 * Every feature the engine can output: PyRadiomics-style name (`<class>_<Feature>`, prefixed at run
 * time by the image type), IBSI code, family, and whether PyRadiomics computes it by default.
 * First order and shape are listed here; texture rows come from the texture families' own tables.
 */
import { TEXTURE_FAMILIES } from './texture-families.js';

export type FeatureFamily =
  | 'intensity statistics' | 'intensity histogram' | 'local intensity' | 'intensity-volume histogram'
  | 'morphology' | 'glcm' | 'glrlm' | 'glszm' | 'gldm' | 'ngtdm' | 'gldzm' | 'ngldm';

export interface FeatureRow {
  /** `<class>_<Feature>`; the output column is `<imageType>_<class>_<Feature>` (e.g. `original_firstorder_Mean`). */
  name: string;
  family: FeatureFamily;
  /** IBSI 1 identifier; '' where IBSI has none. */
  ibsi: string;
  /** MIRP / IBSI reference-table tag, used by the conformance tests; '' where none. */
  tag: string;
  /** Part of PyRadiomics' default (non-deprecated) set. */
  pyradiomics: boolean;
  /** How it differs from the IBSI definition, if it does. */
  note?: string;
}

const row = (name: string, family: FeatureFamily, ibsi: string, tag: string, pyradiomics: boolean, note?: string): FeatureRow =>
  ({ name, family, ibsi, tag, pyradiomics, ...(note ? { note } : {}) });

const S = 'intensity statistics';
const H = 'intensity histogram';
const M = 'morphology';

export const FIRSTORDER_TABLE: FeatureRow[] = [
  row('firstorder_Energy', S, 'N8CA', 'stat_energy', true, 'PyRadiomics adds voxelArrayShift before squaring'),
  row('firstorder_TotalEnergy', S, '', '', true, 'Energy × voxel volume (PyRadiomics only)'),
  row('firstorder_Entropy', H, 'TLU2', 'ih_entropy', true, 'over the discretised levels'),
  row('firstorder_Minimum', S, '1GSF', 'stat_min', true),
  row('firstorder_10Percentile', S, 'QG58', 'stat_p10', true),
  row('firstorder_90Percentile', S, '8DWT', 'stat_p90', true),
  row('firstorder_Maximum', S, '84IY', 'stat_max', true),
  row('firstorder_Mean', S, 'Q4LE', 'stat_mean', true),
  row('firstorder_Median', S, 'Y12H', 'stat_median', true),
  row('firstorder_InterquartileRange', S, 'SALO', 'stat_iqr', true),
  row('firstorder_Range', S, '2OJQ', 'stat_range', true),
  row('firstorder_MeanAbsoluteDeviation', S, '4FUA', 'stat_mad', true),
  row('firstorder_RobustMeanAbsoluteDeviation', S, '1128', 'stat_rmad', true),
  row('firstorder_RootMeanSquared', S, '5ZWQ', 'stat_rms', true, 'PyRadiomics adds voxelArrayShift'),
  row('firstorder_Skewness', S, 'KE2A', 'stat_skew', true),
  row('firstorder_Kurtosis', S, '', '', true, 'IBSI IPH6 + 3 (PyRadiomics reports plain kurtosis)'),
  row('firstorder_Variance', S, 'ECT3', 'stat_var', true),
  row('firstorder_Uniformity', H, 'BJ5W', 'ih_uniformity', true, 'over the discretised levels'),
  row('firstorder_StandardDeviation', S, '', '', false, 'deprecated in PyRadiomics; √Variance'),
  row('firstorder_ExcessKurtosis', S, 'IPH6', 'stat_kurt', false),
  row('firstorder_MedianAbsoluteDeviation', S, 'N72L', 'stat_medad', false),
  row('firstorder_CoefficientOfVariation', S, '7TET', 'stat_cov', false),
  row('firstorder_QuartileCoefficientOfDispersion', S, '9S40', 'stat_qcod', false),
  row('firstorder_HistogramMean', H, 'X6K6', 'ih_mean', false),
  row('firstorder_HistogramVariance', H, 'CH89', 'ih_var', false),
  row('firstorder_HistogramSkewness', H, '88K1', 'ih_skew', false),
  row('firstorder_HistogramExcessKurtosis', H, 'C3I7', 'ih_kurt', false),
  row('firstorder_HistogramMedian', H, 'WIFQ', 'ih_median', false),
  row('firstorder_HistogramMinimum', H, '1PR8', 'ih_min', false),
  row('firstorder_Histogram10Percentile', H, 'GPMT', 'ih_p10', false),
  row('firstorder_Histogram90Percentile', H, 'OZ0C', 'ih_p90', false),
  row('firstorder_HistogramMaximum', H, '3NCY', 'ih_max', false),
  row('firstorder_HistogramMode', H, 'AMMC', 'ih_mode', false),
  row('firstorder_HistogramInterquartileRange', H, 'WR0O', 'ih_iqr', false),
  row('firstorder_HistogramRange', H, '5Z3W', 'ih_range', false),
  row('firstorder_HistogramMeanAbsoluteDeviation', H, 'D2ZX', 'ih_mad', false),
  row('firstorder_HistogramRobustMeanAbsoluteDeviation', H, 'WRZB', 'ih_rmad', false),
  row('firstorder_HistogramMedianAbsoluteDeviation', H, '4RNL', 'ih_medad', false),
  row('firstorder_HistogramCoefficientOfVariation', H, 'CWYJ', 'ih_cov', false),
  row('firstorder_HistogramQuartileCoefficientOfDispersion', H, 'SLWD', 'ih_qcod', false),
  row('firstorder_HistogramEntropy', H, 'TLU2', 'ih_entropy', false),
  row('firstorder_HistogramUniformity', H, 'BJ5W', 'ih_uniformity', false),
  row('firstorder_MaximumHistogramGradient', H, '12CE', 'ih_max_grad', false),
  row('firstorder_MaximumHistogramGradientGreyLevel', H, '8E6O', 'ih_max_grad_g', false),
  row('firstorder_MinimumHistogramGradient', H, 'VQB3', 'ih_min_grad', false),
  row('firstorder_MinimumHistogramGradientGreyLevel', H, 'RHQZ', 'ih_min_grad_g', false),
  row('firstorder_LocalIntensityPeak', 'local intensity', 'VJGA', 'loc_peak_loc', false),
  row('firstorder_GlobalIntensityPeak', 'local intensity', '0F91', 'loc_peak_glob', false),
  row('firstorder_IVHVolumeFraction10', 'intensity-volume histogram', 'BC2M', 'ivh_v10', false),
  row('firstorder_IVHVolumeFraction90', 'intensity-volume histogram', 'BC2M', 'ivh_v90', false),
  row('firstorder_IVHIntensity10', 'intensity-volume histogram', 'GBPN', 'ivh_i10', false),
  row('firstorder_IVHIntensity90', 'intensity-volume histogram', 'GBPN', 'ivh_i90', false),
  row('firstorder_IVHVolumeFractionDifference', 'intensity-volume histogram', 'DDTU', 'ivh_diff_v10_v90', false),
  row('firstorder_IVHIntensityDifference', 'intensity-volume histogram', 'CNV2', 'ivh_diff_i10_i90', false),
];

export const SHAPE_TABLE: FeatureRow[] = [
  row('shape_MeshVolume', M, 'RNU0', 'morph_volume', true),
  row('shape_VoxelVolume', M, 'YEKZ', 'morph_vol_approx', true),
  row('shape_SurfaceArea', M, 'C0JK', 'morph_area_mesh', true),
  row('shape_SurfaceVolumeRatio', M, '2PR5', 'morph_av', true),
  row('shape_Sphericity', M, 'QCFX', 'morph_sphericity', true),
  row('shape_Compactness1', M, 'SKGS', 'morph_comp_1', false, 'deprecated in PyRadiomics'),
  row('shape_Compactness2', M, 'BQWJ', 'morph_comp_2', false, 'deprecated in PyRadiomics'),
  row('shape_SphericalDisproportion', M, 'KRCK', 'morph_sph_dispr', false, 'deprecated in PyRadiomics'),
  row('shape_Asphericity', M, '25C7', 'morph_asphericity', false),
  row('shape_Maximum3DDiameter', M, 'L0JK', 'morph_diam', true),
  row('shape_Maximum2DDiameterSlice', M, '', '', true),
  row('shape_Maximum2DDiameterColumn', M, '', '', true),
  row('shape_Maximum2DDiameterRow', M, '', '', true),
  row('shape_MajorAxisLength', M, 'TDIC', 'morph_pca_maj_axis', true),
  row('shape_MinorAxisLength', M, 'P9VJ', 'morph_pca_min_axis', true),
  row('shape_LeastAxisLength', M, '7J51', 'morph_pca_least_axis', true),
  row('shape_Elongation', M, 'Q3CK', 'morph_pca_elongation', true),
  row('shape_Flatness', M, 'N17B', 'morph_pca_flatness', true),
  row('shape_CentreOfMassShift', M, 'KLMA', 'morph_com', false),
  row('shape_VolumeDensityAABB', M, 'PBX1', 'morph_vol_dens_aabb', false),
  row('shape_AreaDensityAABB', M, 'R59B', 'morph_area_dens_aabb', false),
  row('shape_VolumeDensityAEE', M, '6BDE', 'morph_vol_dens_aee', false),
  row('shape_AreaDensityAEE', M, 'RDD2', 'morph_area_dens_aee', false),
  row('shape_VolumeDensityConvexHull', M, 'R3ER', 'morph_vol_dens_conv_hull', false),
  row('shape_AreaDensityConvexHull', M, '7T7F', 'morph_area_dens_conv_hull', false),
  row('shape_IntegratedIntensity', M, '99N0', 'morph_integ_int', false),
  row('shape_MoransI', M, 'N365', 'morph_moran_i', false),
  row('shape_GearysC', M, 'NPT7', 'morph_geary_c', false),
];

export const SHAPE2D_TABLE: FeatureRow[] = [
  row('shape2D_MeshSurface', M, '', '', true, '2D; IBSI has no 2D shape codes'),
  row('shape2D_PixelSurface', M, '', '', true),
  row('shape2D_Perimeter', M, '', '', true),
  row('shape2D_PerimeterSurfaceRatio', M, '', '', true),
  row('shape2D_Sphericity', M, '', '', true),
  row('shape2D_SphericalDisproportion', M, '', '', false, 'deprecated in PyRadiomics'),
  row('shape2D_MaximumDiameter', M, '', '', true),
  row('shape2D_MajorAxisLength', M, '', '', true),
  row('shape2D_MinorAxisLength', M, '', '', true),
  row('shape2D_Elongation', M, '', '', true),
];

/** Texture rows from the families' own tables (IBSI codes there). */
export function textureTable(): FeatureRow[] {
  const out: FeatureRow[] = [];
  for (const [cls, fam] of Object.entries(TEXTURE_FAMILIES)) {
    for (const f of fam!.table) out.push(row(`${cls}_${f.name}`, cls as FeatureFamily, f.ibsi, '', f.pyradiomics));
  }
  return out;
}

/** The whole table: every output name → IBSI code and family. */
export function featureTable(): FeatureRow[] {
  return [...FIRSTORDER_TABLE, ...SHAPE_TABLE, ...SHAPE2D_TABLE, ...textureTable()];
}
