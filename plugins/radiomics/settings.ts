/**
 * Extraction settings: a PyRadiomics params YAML accepted as is (imageType, featureClass, setting,
 * voxelSetting), validated key by key, with PyRadiomics' defaults filled in. A few IBSI-only keys
 * (documented below) extend `setting`; PyRadiomics files never need them.
 */
import { parse as parseYaml } from 'yaml';
import { InvalidInputError } from '../../core/errors.js';

export type ImageTypeName =
  | 'Original' | 'LoG' | 'Wavelet' | 'Square' | 'SquareRoot' | 'Logarithm' | 'Exponential' | 'Gradient' | 'LBP2D' | 'LBP3D';
/** PyRadiomics' image types; LBP3D is recognised but not implemented (an error says so). */
export const IMAGE_TYPES: ImageTypeName[] = [
  'Original', 'LoG', 'Wavelet', 'Square', 'SquareRoot', 'Logarithm', 'Exponential', 'Gradient', 'LBP2D', 'LBP3D',
];

/** PyRadiomics classes plus the two IBSI families PyRadiomics lacks (`gldzm`, `ngldm`). */
export type FeatureClassName =
  | 'firstorder' | 'shape' | 'shape2D' | 'glcm' | 'glrlm' | 'glszm' | 'gldm' | 'ngtdm' | 'gldzm' | 'ngldm';
export const FEATURE_CLASSES: FeatureClassName[] = [
  'firstorder', 'shape', 'shape2D', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm', 'gldzm', 'ngldm',
];

/** The `setting` section. Defaults are PyRadiomics' (v3) unless the key is an IBSI extension. */
export interface ExtractionSettings {
  /** Label value of the region of interest. @default 1 */
  label: number;
  /** Minimum number of dimensions with more than one voxel in the ROI. @default 2 */
  minimumROIDimensions: number;
  /** Minimum number of voxels in the ROI; null = no check. @default null */
  minimumROISize: number | null;
  /** Tolerance for image/mask geometry comparison. @default 1e-6 */
  geometryTolerance: number;
  /** Resample the mask onto the image grid when geometry differs within tolerance. @default false */
  correctMask: boolean;
  /** Emit diagnostics_* columns. @default true */
  additionalInfo: boolean;
  /** Fixed bin width. @default 25 */
  binWidth: number;
  /** Fixed bin count; takes precedence over binWidth when set. @default null */
  binCount: number | null;
  /** z-score the whole image (sample SD, as SimpleITK's Normalize) before anything else. @default false */
  normalize: boolean;
  /** Multiplier after normalization. @default 1 */
  normalizeScale: number;
  /** Clip normalized values at ±removeOutliers (in SD units, before scaling). @default null */
  removeOutliers: number | null;
  /** Target spacing in mm; 0 keeps the original spacing along that axis; null = no resampling. @default null */
  resampledPixelSpacing: [number, number, number] | null;
  /** SimpleITK interpolator name. @default 'sitkBSpline' */
  interpolator: string;
  /** Voxels of padding kept around the ROI when cropping (filters need context). @default 5 */
  padDistance: number;
  /** Crop image and mask to the ROI before filtering. @default false */
  preCrop: boolean;
  /** Re-segmentation range (one value = lower bound only). @default null */
  resegmentRange: number[] | null;
  /** How resegmentRange is read. @default 'absolute' */
  resegmentMode: 'absolute' | 'relative' | 'sigma';
  /** Use the re-segmented mask for shape features too. @default false */
  resegmentShape: boolean;
  /** Texture matrices per slice. @default false */
  force2D: boolean;
  /** Axis normal to the slices in NumPy (z, y, x) order: 0 = axial slices. @default 0 */
  force2Ddimension: number;
  /** Texture neighbour distances. @default [1] */
  distances: number[];
  /** GLCM symmetry. @default true */
  symmetricalGLCM: boolean;
  /** Distance weighting of directional matrices (null = average features over angles). @default null */
  weightingNorm: 'manhattan' | 'euclidean' | 'infinity' | 'no_weighting' | null;
  /** GLDM coarseness parameter alpha. @default 0 */
  gldm_a: number;
  /** Added to intensities for Energy, TotalEnergy and RootMeanSquared. @default 0 */
  voxelArrayShift: number;
  /** LoG sigmas in mm. @default [] */
  sigma: number[];
  /** Wavelet family. @default 'coif1' */
  wavelet: string;
  /** First wavelet level returned. @default 0 */
  start_level: number;
  /** Number of wavelet levels. @default 1 */
  level: number;
  /** Gradient magnitude uses spacing. @default true */
  gradientUseSpacing: boolean;
  /** LBP3D spherical-harmonics levels. @default 2 */
  lbp3DLevels: number;
  /** LBP3D sampling radius in mm. @default 1 */
  lbp3DIcosphereRadius: number;
  /** LBP3D icosphere subdivisions. @default 1 */
  lbp3DIcosphereSubdivision: number;
  /** Accepted for compatibility (NumPy dtype of feature values); ignored. @default null */
  dtype: string | null;
  /** LBP2D circle radius in voxels. @default 1 */
  lbp2DRadius: number;
  /** LBP2D samples on the circle. @default 8 */
  lbp2DSamples: number;
  /** LBP2D code: 'uniform', 'default' or 'ror' (scikit-image's names). @default 'uniform' */
  lbp2DMethod: string;
  /** Channel of a vector label map; only 0 (scalar masks) is supported. @default 0 */
  label_channel: number;
  // ---- IBSI extensions (not PyRadiomics keys) ----
  /** Discretisation formula: PyRadiomics bin edges, or IBSI's closed forms. @default 'pyradiomics' */
  binningMode: 'pyradiomics' | 'ibsi';
  /** Resampling grid convention: PyRadiomics (corner-aligned, cropped) or IBSI (centres aligned). @default 'pyradiomics' */
  resampleGrid: 'pyradiomics' | 'ibsi';
  /** Round intensities to integers after interpolation (IBSI CT configurations). @default false */
  roundIntensities: boolean;
  /** Interpolate the mask linearly and keep voxels ≥ this fraction; null = nearest neighbour. @default null */
  maskPartialVolumeThreshold: number | null;
  /** After the range, drop voxels outside mean ± k·SD (IBSI outlier filtering). @default null */
  outlierSigma: number | null;
  /** Intensity-volume histogram discretisation: bin width, bin count or none. @default null */
  ivhBinWidth: number | null;
  /** @default null */
  ivhBinCount: number | null;
  /**
   * Use IBSI's definitions where they differ from PyRadiomics': PCA axis lengths from the sample
   * covariance (n − 1), NGTDM without voxels that have no ROI neighbour. @default false
   */
  ibsiDefinitions: boolean;
}

export interface VoxelSettings {
  kernelRadius: number;
  maskedKernel: boolean;
  initValue: number;
  voxelBatch: number;
}

export interface RadiomicsSettings {
  setting: ExtractionSettings;
  /** Enabled image types with their per-type overrides of `setting`. */
  imageType: Partial<Record<ImageTypeName, Partial<ExtractionSettings>>>;
  /** Enabled feature classes; an empty list means every non-deprecated feature of the class. */
  featureClass: Partial<Record<FeatureClassName, string[]>>;
  /** Accepted and validated; voxel-based extraction is not implemented, so these are unused. */
  voxelSetting: Partial<VoxelSettings>;
}

export function defaultSettings(): ExtractionSettings {
  return {
    label: 1, minimumROIDimensions: 2, minimumROISize: null, geometryTolerance: 1e-6, correctMask: false,
    additionalInfo: true, binWidth: 25, binCount: null, normalize: false, normalizeScale: 1,
    removeOutliers: null, resampledPixelSpacing: null, interpolator: 'sitkBSpline', padDistance: 5,
    preCrop: false, resegmentRange: null, resegmentMode: 'absolute', resegmentShape: false, force2D: false,
    force2Ddimension: 0, distances: [1], symmetricalGLCM: true, weightingNorm: null, gldm_a: 0,
    voxelArrayShift: 0, sigma: [], wavelet: 'coif1', start_level: 0, level: 1, gradientUseSpacing: true,
    lbp3DLevels: 2, lbp3DIcosphereRadius: 1, lbp3DIcosphereSubdivision: 1, dtype: null,
    lbp2DRadius: 1, lbp2DSamples: 8, lbp2DMethod: 'uniform', label_channel: 0,
    binningMode: 'pyradiomics', resampleGrid: 'pyradiomics', roundIntensities: false,
    maskPartialVolumeThreshold: null, outlierSigma: null, ivhBinWidth: null, ivhBinCount: null, ibsiDefinitions: false,
  };
}

/** PyRadiomics' defaults when no params file is given: Original image, every class. */
export function defaultRadiomicsSettings(): RadiomicsSettings {
  return {
    setting: defaultSettings(),
    imageType: { Original: {} },
    featureClass: { firstorder: [], shape: [], glcm: [], glrlm: [], glszm: [], gldm: [], ngtdm: [] },
    voxelSetting: {},
  };
}

type Kind = 'int' | 'number' | 'bool' | 'string' | 'numbers' | 'ints' | 'vec3' | 'nullable-number' | 'nullable-int';
const SETTING_KINDS: Record<keyof ExtractionSettings, { kind: Kind; values?: string[] }> = {
  label: { kind: 'int' }, minimumROIDimensions: { kind: 'int' }, minimumROISize: { kind: 'nullable-int' },
  geometryTolerance: { kind: 'number' }, correctMask: { kind: 'bool' }, additionalInfo: { kind: 'bool' },
  binWidth: { kind: 'number' }, binCount: { kind: 'nullable-int' }, normalize: { kind: 'bool' },
  normalizeScale: { kind: 'number' }, removeOutliers: { kind: 'nullable-number' },
  resampledPixelSpacing: { kind: 'vec3' }, interpolator: { kind: 'string' }, padDistance: { kind: 'int' },
  preCrop: { kind: 'bool' }, resegmentRange: { kind: 'numbers' },
  resegmentMode: { kind: 'string', values: ['absolute', 'relative', 'sigma'] },
  resegmentShape: { kind: 'bool' }, force2D: { kind: 'bool' }, force2Ddimension: { kind: 'int' },
  distances: { kind: 'ints' }, symmetricalGLCM: { kind: 'bool' },
  weightingNorm: { kind: 'string', values: ['manhattan', 'euclidean', 'infinity', 'no_weighting'] },
  gldm_a: { kind: 'number' }, voxelArrayShift: { kind: 'number' }, sigma: { kind: 'numbers' },
  wavelet: { kind: 'string' }, start_level: { kind: 'int' }, level: { kind: 'int' },
  gradientUseSpacing: { kind: 'bool' }, lbp3DLevels: { kind: 'int' }, lbp3DIcosphereRadius: { kind: 'number' },
  lbp3DIcosphereSubdivision: { kind: 'int' }, dtype: { kind: 'string' },
  lbp2DRadius: { kind: 'number' }, lbp2DSamples: { kind: 'int' }, lbp2DMethod: { kind: 'string' }, label_channel: { kind: 'int' },
  binningMode: { kind: 'string', values: ['pyradiomics', 'ibsi'] },
  resampleGrid: { kind: 'string', values: ['pyradiomics', 'ibsi'] },
  roundIntensities: { kind: 'bool' }, maskPartialVolumeThreshold: { kind: 'nullable-number' },
  outlierSigma: { kind: 'nullable-number' }, ivhBinWidth: { kind: 'nullable-number' },
  ivhBinCount: { kind: 'nullable-int' }, ibsiDefinitions: { kind: 'bool' },
};

/** Settings that may be null in the YAML (PyRadiomics reads an empty value as None). */
const NULLABLE = new Set<string>([
  'minimumROISize', 'binCount', 'removeOutliers', 'resampledPixelSpacing', 'resegmentRange', 'weightingNorm',
  'dtype', 'maskPartialVolumeThreshold', 'outlierSigma', 'ivhBinWidth', 'ivhBinCount', 'interpolator',
]);

/** PyRadiomics' SimpleITK interpolator names (and their integer enums) that we implement. */
export const INTERPOLATORS: Record<string, 'nearest' | 'linear' | 'bspline'> = {
  sitkNearestNeighbor: 'nearest', sitkLinear: 'linear', sitkBSpline: 'bspline', '1': 'nearest', '2': 'linear', '3': 'bspline',
};

const VOXEL_KEYS: Record<keyof VoxelSettings, Kind> = { kernelRadius: 'int', maskedKernel: 'bool', initValue: 'number', voxelBatch: 'int' };

function bad(message: string, fix: string): InvalidInputError {
  return new InvalidInputError(message, {}, fix);
}

function coerce(section: string, key: string, value: unknown, kind: Kind, values?: string[]): unknown {
  const where = `${section}.${key}`;
  const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (value === null || value === undefined) {
    if (NULLABLE.has(key) || section === 'voxelSetting') return null;
    throw bad(`settings: ${where} is empty`, `Give ${key} a value or remove the key`);
  }
  switch (kind) {
    case 'int':
    case 'nullable-int':
      if (isNum(value) && Number.isInteger(value)) return value;
      throw bad(`settings: ${where} must be an integer, got ${JSON.stringify(value)}`, `Write ${key}: 1`);
    case 'number':
    case 'nullable-number':
      if (isNum(value)) return value;
      throw bad(`settings: ${where} must be a number, got ${JSON.stringify(value)}`, `Write ${key}: 25`);
    case 'bool':
      if (typeof value === 'boolean') return value;
      throw bad(`settings: ${where} must be true or false, got ${JSON.stringify(value)}`, `Write ${key}: true`);
    case 'string': {
      const s = typeof value === 'number' ? String(value) : value;
      if (typeof s !== 'string') throw bad(`settings: ${where} must be text, got ${JSON.stringify(value)}`, `Quote the value`);
      if (values && !values.includes(s)) throw bad(`settings: ${where} is '${s}'`, `Use one of ${values.join(', ')}`);
      if (key === 'interpolator' && !(s in INTERPOLATORS)) {
        throw bad(`settings: ${where} '${s}' is not supported`, `Use one of sitkNearestNeighbor, sitkLinear, sitkBSpline`);
      }
      return s;
    }
    case 'numbers':
    case 'ints': {
      const list = Array.isArray(value) ? value : [value];
      if (!list.every((v) => isNum(v) && (kind === 'numbers' || Number.isInteger(v)))) {
        throw bad(`settings: ${where} must be a list of ${kind === 'ints' ? 'integers' : 'numbers'}, got ${JSON.stringify(value)}`, `Write ${key}: [1, 2]`);
      }
      return list;
    }
    case 'vec3':
      if (Array.isArray(value) && value.length === 3 && value.every(isNum)) return value;
      throw bad(`settings: ${where} must be [x, y, z] in mm, got ${JSON.stringify(value)}`, `Write ${key}: [1, 1, 1]`);
  }
}

function settingsSection(section: string, raw: unknown): Partial<ExtractionSettings> {
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw bad(`settings: ${section} must be a mapping`, 'Indent its keys below it');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const spec = SETTING_KINDS[key as keyof ExtractionSettings];
    if (!spec) throw bad(`settings: unknown key '${key}' in ${section}`, `Remove it or check its spelling against the PyRadiomics settings`);
    const v = coerce(section, key, value, spec.kind, spec.values);
    // An empty interpolator means "PyRadiomics default" (sitkBSpline).
    if (v !== null || key !== 'interpolator') out[key] = v;
  }
  return out as Partial<ExtractionSettings>;
}

/** Validates a parsed params document (the YAML's object form, or an inline object). */
export function parseSettingsObject(doc: unknown): RadiomicsSettings {
  if (doc === null || doc === undefined) return defaultRadiomicsSettings();
  if (typeof doc !== 'object' || Array.isArray(doc)) throw bad('settings: the params document must be a mapping', 'Start it with setting:, imageType: or featureClass:');
  const d = doc as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!['setting', 'imageType', 'featureClass', 'voxelSetting'].includes(key)) {
      throw bad(`settings: unknown top-level key '${key}'`, 'Use setting, imageType, featureClass or voxelSetting');
    }
  }
  const setting = { ...defaultSettings(), ...settingsSection('setting', d.setting) };

  const imageType: RadiomicsSettings['imageType'] = {};
  if (d.imageType === undefined || d.imageType === null) imageType.Original = {};
  else {
    if (typeof d.imageType !== 'object' || Array.isArray(d.imageType)) throw bad('settings: imageType must be a mapping', 'Write imageType: { Original: {} }');
    for (const [name, custom] of Object.entries(d.imageType as Record<string, unknown>)) {
      if (!IMAGE_TYPES.includes(name as ImageTypeName)) {
        throw bad(`settings: unknown image type '${name}' in imageType`, `Use one of ${IMAGE_TYPES.join(', ')}`);
      }
      imageType[name as ImageTypeName] = settingsSection(`imageType.${name}`, custom);
    }
  }

  const featureClass: RadiomicsSettings['featureClass'] = {};
  if (d.featureClass === undefined || d.featureClass === null) Object.assign(featureClass, defaultRadiomicsSettings().featureClass);
  else {
    if (typeof d.featureClass !== 'object' || Array.isArray(d.featureClass)) throw bad('settings: featureClass must be a mapping', 'Write featureClass: { firstorder: [] }');
    for (const [name, list] of Object.entries(d.featureClass as Record<string, unknown>)) {
      if (!FEATURE_CLASSES.includes(name as FeatureClassName)) {
        throw bad(`settings: unknown feature class '${name}' in featureClass`, `Use one of ${FEATURE_CLASSES.join(', ')}`);
      }
      if (list !== null && list !== undefined && !(Array.isArray(list) && list.every((f) => typeof f === 'string'))) {
        throw bad(`settings: featureClass.${name} must be a list of feature names`, `Write ${name}: [] for all features`);
      }
      featureClass[name as FeatureClassName] = (list as string[] | null) ?? [];
    }
  }

  const voxelSetting: Partial<VoxelSettings> = {};
  if (d.voxelSetting !== undefined && d.voxelSetting !== null) {
    if (typeof d.voxelSetting !== 'object' || Array.isArray(d.voxelSetting)) throw bad('settings: voxelSetting must be a mapping', 'Indent its keys below it');
    for (const [key, value] of Object.entries(d.voxelSetting as Record<string, unknown>)) {
      const kind = VOXEL_KEYS[key as keyof VoxelSettings];
      if (!kind) throw bad(`settings: unknown key '${key}' in voxelSetting`, `Use one of ${Object.keys(VOXEL_KEYS).join(', ')}`);
      (voxelSetting as Record<string, unknown>)[key] = coerce('voxelSetting', key, value, kind);
    }
  }
  checkRanges(setting);
  for (const [name, over] of Object.entries(imageType)) checkRanges({ ...setting, ...over }, `imageType.${name}`);
  return { setting, imageType, featureClass, voxelSetting };
}

function checkRanges(s: ExtractionSettings, where = 'setting'): void {
  if (!(s.binWidth > 0)) throw bad(`settings: ${where}.binWidth must be > 0, got ${s.binWidth}`, 'Use a positive bin width');
  if (s.binCount !== null && s.binCount < 1) throw bad(`settings: ${where}.binCount must be ≥ 1`, 'Use a positive bin count');
  if (s.minimumROIDimensions < 1 || s.minimumROIDimensions > 3) throw bad(`settings: ${where}.minimumROIDimensions must be 1, 2 or 3`, 'Use 1, 2 or 3');
  if (s.force2Ddimension < 0 || s.force2Ddimension > 2) throw bad(`settings: ${where}.force2Ddimension must be 0, 1 or 2`, 'Use 0 for axial slices');
  if (s.resegmentRange && (s.resegmentRange.length < 1 || s.resegmentRange.length > 2)) {
    throw bad(`settings: ${where}.resegmentRange must have 1 or 2 values`, 'Write resegmentRange: [-1000, 400]');
  }
  if (s.sigma.some((x) => x <= 0)) throw bad(`settings: ${where}.sigma values must be > 0`, 'Use sigmas in mm, e.g. [1, 2, 3]');
  if (s.wavelet !== 'coif1') throw bad(`settings: ${where}.wavelet '${s.wavelet}' is not implemented`, 'Use coif1 (the PyRadiomics default)');
  if (s.level !== 1 || s.start_level !== 0) throw bad(`settings: ${where}.level/start_level other than 1/0 are not implemented`, 'Remove level and start_level');
  if (s.distances.some((x) => x < 1)) throw bad(`settings: ${where}.distances must be ≥ 1`, 'Write distances: [1]');
}

/** Parses PyRadiomics params YAML text. */
export function parseSettingsYaml(text: string, file?: string): RadiomicsSettings {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new InvalidInputError(`settings: cannot parse YAML: ${(e as Error).message}`, { file }, 'Fix the YAML syntax');
  }
  try {
    return parseSettingsObject(doc);
  } catch (e) {
    if (e instanceof InvalidInputError && file) throw new InvalidInputError(e.message, { file });
    throw e;
  }
}

/** The settings that apply to one image type: the base `setting` overridden by the type's own keys. */
export function settingsFor(s: RadiomicsSettings, type: ImageTypeName): ExtractionSettings {
  return { ...s.setting, ...(s.imageType[type] ?? {}) };
}
