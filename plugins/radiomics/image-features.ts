/**
 * Features of one (original or filtered) image over the prepared ROI: first order on intensities,
 * texture families on the discretised levels. Names follow PyRadiomics: <imageType>_<class>_<Feature>.
 */
import { maskBoundingBox, type BoundingBox } from '../../core/image/geometry.js';
import type { Vec3 } from '../../core/image/image.js';
import { firstOrderFeatures, FIRSTORDER_FEATURES, PYRADIOMICS_FIRSTORDER } from './firstorder.js';
import { ivhFeatures, IVH_FEATURES } from './ivh.js';
import { localIntensityFeatures, LOCAL_INTENSITY } from './local-intensity.js';
import { discretise, maskIndices, type Discretisation } from './preprocess/discretise.js';
import type { ExtractionSettings, FeatureClassName } from './settings.js';
import { enabledTextureNames, textureFeatures, TEXTURE_FAMILIES } from './texture-families.js';
import { InvalidInputError } from '../../core/errors.js';

export interface ImageFeatureInput {
  /** Intensities on the cropped grid. */
  data: Float64Array;
  size: Vec3;
  spacing: Vec3;
  roi: Uint8Array;
  /** ROI before re-segmentation (IBSI morphological mask): GLDZM distances run to its border. */
  morphologicalMask?: Uint8Array;
  /** IBSI fixed bin size starts at the re-segmentation lower bound. */
  resegmentLower: number | null;
}

export function discretisationOf(s: ExtractionSettings, resegmentLower: number | null): Discretisation {
  if (s.binCount !== null) return { type: 'binCount', count: s.binCount };
  return { type: 'binWidth', width: s.binWidth, min: resegmentLower ?? undefined };
}

export function firstOrderNames(requested: string[]): string[] {
  if (requested.length === 0) return [...PYRADIOMICS_FIRSTORDER];
  for (const n of requested) {
    if (!FIRSTORDER_FEATURES.includes(n) && !(LOCAL_INTENSITY as readonly string[]).includes(n) && !(IVH_FEATURES as readonly string[]).includes(n)) {
      throw new InvalidInputError(`settings: featureClass.firstorder has no feature '${n}'`, {}, `Use one of ${FIRSTORDER_FEATURES.join(', ')}`);
    }
  }
  return requested;
}

/** Every filtered image of a case has the same ROI (one array on this thread): list its voxels once. */
const indicesOf = new WeakMap<Uint8Array, Int32Array>();
function roiIndices(roi: Uint8Array): Int32Array {
  let hit = indicesOf.get(roi);
  if (!hit) indicesOf.set(roi, (hit = maskIndices(roi)));
  return hit;
}

const boxOf = new WeakMap<Uint8Array, BoundingBox | undefined>();
/**
 * The voxels imageFeatures reads: the ROI's bounding box, or every voxel (undefined) when local-intensity features
 * look around the ROI. Filters need compute no more than this.
 */
export function voxelsRead(roi: Uint8Array, size: Vec3, classes: Partial<Record<FeatureClassName, string[]>>): BoundingBox | undefined {
  if (classes.firstorder?.some((n) => (LOCAL_INTENSITY as readonly string[]).includes(n))) return undefined;
  if (!boxOf.has(roi)) boxOf.set(roi, maskBoundingBox({ size, data: roi }));
  return boxOf.get(roi);
}

/** Every enabled non-shape feature of one image; keys are `<class>_<Feature>`. */
export function imageFeatures(
  input: ImageFeatureInput,
  s: ExtractionSettings,
  classes: Partial<Record<FeatureClassName, string[]>>,
  /** Filled with milliseconds per class (discretisation counts toward first order). */
  timings?: Record<string, number>,
): Record<string, number> {
  const { data, roi, size, spacing } = input;
  let t = performance.now();
  const lap = (cls: string) => {
    const now = performance.now();
    if (timings) timings[cls] = (timings[cls] ?? 0) + now - t;
    t = now;
  };
  const indices = roiIndices(roi);
  const disc = discretise(data, roi, discretisationOf(s, input.resegmentLower), { mode: s.binningMode, indices });
  const out: Record<string, number> = {};
  if (classes.firstorder) {
    const values = new Float64Array(indices.length);
    const levels = new Uint16Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      values[k] = data[indices[k]];
      levels[k] = disc.levels[indices[k]];
    }
    const names = firstOrderNames(classes.firstorder);
    const isLocal = (n: string) => (LOCAL_INTENSITY as readonly string[]).includes(n);
    const isIvh = (n: string) => (IVH_FEATURES as readonly string[]).includes(n);
    const f = firstOrderFeatures(
      { values, levels, nLevels: disc.nLevels, voxelVolume: spacing[0] * spacing[1] * spacing[2], voxelArrayShift: s.voxelArrayShift },
      names.filter((n) => !isLocal(n) && !isIvh(n)),
    );
    if (names.some(isLocal)) Object.assign(f, localIntensityFeatures(data, roi, size, spacing));
    if (names.some(isIvh)) {
      const range = s.resegmentRange && s.resegmentRange.length === 2 && s.resegmentMode === 'absolute' ? [s.resegmentRange[0], s.resegmentRange[1]] as [number, number] : null;
      Object.assign(f, ivhFeatures(values, { binWidth: s.ivhBinWidth, binCount: s.ivhBinCount, range }));
    }
    for (const k of Object.keys(f)) if (!names.includes(k)) delete f[k];
    for (const [k, v] of Object.entries(f)) out[`firstorder_${k}`] = v;
    lap('firstorder');
  }
  const region = { levels: disc.levels, mask: roi, size, nLevels: disc.nLevels, spacing, morphologicalMask: input.morphologicalMask };
  for (const cls of Object.keys(TEXTURE_FAMILIES) as FeatureClassName[]) {
    const requested = classes[cls];
    if (!requested) continue;
    const names = enabledTextureNames(cls, requested);
    const f = textureFeatures(cls, region, s, names);
    for (const [k, v] of Object.entries(f)) out[`${cls}_${k}`] = v;
    lap(cls);
  }
  return out;
}
