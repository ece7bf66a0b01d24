/**
 * The radiomics extractor: one case (image + mask + settings) → one row of PyRadiomics-named features
 * and diagnostics. Image types (original and filters) are independent tasks; with `threads > 1` they
 * run on a worker-thread pool, otherwise in this thread.
 */
import { createHash } from 'node:crypto';
import type { ErrorWhere } from '../../core/errors.js';
import { pyradiomicsImageHash, pyradiomicsMaskHash } from '../../core/image/hash.js';
import type { Image3D } from '../../core/image/image.js';
import { filterNames, lbpNeedsExtent, type FilterSpec } from './filters/index.js';
import { prepareCase, type PreparedCase } from './preprocess/prepare-case.js';
import { computeTask, type ImageTask } from './task.js';
import { RADIOMICS_VERSION } from './version.js';
import {
  defaultRadiomicsSettings,
  parseSettingsObject,
  settingsFor,
  type FeatureClassName,
  type ImageTypeName,
  type RadiomicsSettings,
} from './settings.js';
import { shapeFeatures, PYRADIOMICS_SHAPE, SHAPE_FEATURES } from './shape/shape3d.js';
import { TEXTURE_FAMILIES } from './texture-families.js';
import { PYRADIOMICS_SHAPE2D, SHAPE2D_FEATURES, shape2DFeatures } from './shape/shape2d.js';
import { InvalidInputError } from '../../core/errors.js';
import { runTasks, type WorkerPool } from './worker-pool.js';

export interface ExtractOptions {
  /** Where errors say the case comes from. @default {} */
  where?: ErrorWhere;
  /** Worker threads for image types (1 = this thread only). @default 1 */
  threads?: number;
  /** Collects per-task timings in ms (by task name), for benchmarks. @default undefined */
  timings?: Record<string, number>;
  /** A worker pool to reuse across cases (overrides threads). @default undefined */
  pool?: WorkerPool;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The intensity maps scale by the image's largest |intensity| (PyRadiomics). */
function usesMaxAbs(filter: FilterSpec): boolean {
  return filter.type === 'Square' || filter.type === 'SquareRoot' || filter.type === 'Logarithm' || filter.type === 'Exponential';
}

/** Builds the list of independent per-image tasks (original, each LoG sigma, the wavelet bank, …). */
export function planTasks(settings: RadiomicsSettings, prepared: PreparedCase): ImageTask[] {
  const classes: Partial<Record<FeatureClassName, string[]>> = {};
  for (const [cls, list] of Object.entries(settings.featureClass) as Array<[FeatureClassName, string[]]>) {
    if (cls === 'shape' || cls === 'shape2D') continue;
    if (cls !== 'firstorder' && !TEXTURE_FAMILIES[cls]) continue;
    classes[cls] = list;
  }
  const tasks: ImageTask[] = [];
  if (Object.keys(classes).length === 0) return tasks;
  for (const type of Object.keys(settings.imageType) as ImageTypeName[]) {
    const s = settingsFor(settings, type);
    const specs: FilterSpec[] = filterNames(type, s);
    for (const filter of specs) {
      tasks.push({
        filter,
        settings: s,
        classes,
        image: { data: prepared.image.data, size: prepared.image.size, spacing: prepared.image.spacing },
        roi: prepared.roi,
        morphologicalMask: prepared.shapeMask,
        resegmentLower: prepared.resegmentLower,
        // Both are read only when a filter needs them: without resampling they cost a pass over the whole image.
        ...(usesMaxAbs(filter) ? { maxAbs: prepared.maxAbs } : {}),
        ...(filter.type === 'LoG' || (filter.type === 'LBP2D' && lbpNeedsExtent(s)) ? { extent: prepared.extent } : {}),
      });
    }
  }
  return tasks;
}

/** Extracts one row of features. `settings` may be parsed settings or an inline params object. */
export async function extractFeatures(
  image: Image3D,
  mask: Image3D,
  settings: RadiomicsSettings | Record<string, unknown> = defaultRadiomicsSettings(),
  options: ExtractOptions = {},
): Promise<Record<string, number | string>> {
  const parsed: RadiomicsSettings = 'setting' in settings && 'imageType' in settings && 'voxelSetting' in settings
    ? (settings as RadiomicsSettings)
    : parseSettingsObject(settings);
  const where = options.where ?? {};
  const s = parsed.setting;
  const row: Record<string, number | string> = {};
  let t = performance.now();
  const prepared = prepareCase(image, mask, s, where);
  if (options.timings) options.timings.prepare = performance.now() - t;
  t = performance.now();

  const unavailable = (Object.keys(parsed.featureClass) as FeatureClassName[]).filter(
    (c) => c !== 'firstorder' && c !== 'shape' && c !== 'shape2D' && !TEXTURE_FAMILIES[c],
  );
  if (s.additionalInfo) {
    row['diagnostics_Versions_cohortflow-radiomics'] = RADIOMICS_VERSION;
    row['diagnostics_Versions_Node'] = process.versions.node;
    row['diagnostics_Configuration_Settings'] = canonical(parsed.setting);
    row['diagnostics_Configuration_EnabledImageTypes'] = canonical(parsed.imageType);
    row['diagnostics_Configuration_SettingsHash'] = createHash('sha256').update(canonical(parsed)).digest('hex');
    row['diagnostics_Configuration_UnavailableClasses'] = unavailable.join(';');
    row['diagnostics_Image-original_Hash'] = pyradiomicsImageHash(image);
    row['diagnostics_Mask-original_Hash'] = pyradiomicsMaskHash(mask);
    for (const [k, v] of Object.entries(prepared.diagnostics)) row[`diagnostics_${k}`] = v;
  }
  if (options.timings) options.timings.diagnostics = performance.now() - t;

  const shape = (): void => {
    const t0 = performance.now();
    if (parsed.featureClass.shape) {
      const requested = parsed.featureClass.shape;
      for (const n of requested) {
        if (!SHAPE_FEATURES.includes(n)) throw new InvalidInputError(`settings: featureClass.shape has no feature '${n}'`, where, `Use one of ${SHAPE_FEATURES.join(', ')}`);
      }
      const names = requested.length ? requested : [...PYRADIOMICS_SHAPE];
      const f = shapeFeatures(prepared.shapeMask, prepared.image.size, prepared.image.spacing, names, { data: prepared.image.data, mask: prepared.roi }, s.ibsiDefinitions ? 'sample' : 'population');
      for (const [k, v] of Object.entries(f)) row[`original_shape_${k}`] = v;
    }
    if (parsed.featureClass.shape2D) {
      if (!s.force2D) throw new InvalidInputError('settings: shape2D needs force2D: true (as PyRadiomics)', where, 'Set force2D: true and force2Ddimension');
      const requested = parsed.featureClass.shape2D;
      for (const n of requested) {
        if (!SHAPE2D_FEATURES.includes(n)) throw new InvalidInputError(`settings: featureClass.shape2D has no feature '${n}'`, where, `Use one of ${SHAPE2D_FEATURES.join(', ')}`);
      }
      const names = requested.length ? requested : [...PYRADIOMICS_SHAPE2D];
      const f = shape2DFeatures(prepared.shapeMask, prepared.image.size, prepared.image.spacing, s.force2Ddimension, names);
      for (const [k, v] of Object.entries(f)) row[`original_shape2D_${k}`] = v;
    }
    if (options.timings) options.timings.shape = performance.now() - t0;
  };
  // Largest tasks first so the pool's last task is a small one; columns keep the planned order.
  const cost = (t: ImageTask) => (t.filter.type === 'Wavelet' ? 3 : t.filter.type === 'LoG' ? 2 : 1);
  const planned = planTasks(parsed, prepared);
  const order = planned.map((_, i) => i).sort((a, b) => cost(planned[b]) - cost(planned[a]));
  // With workers the image tasks start first and shape runs here meanwhile; on one thread they run after it.
  const parallel = options.pool !== undefined || (options.threads ?? 1) > 1;
  const pending = parallel ? runTasks(order.map((i) => planned[i]), options.threads ?? 1, options.pool) : null;
  try {
    shape();
  } catch (error) {
    await pending?.catch(() => undefined); // settle the tasks before reporting the shape error
    throw error;
  }
  const done = await (pending ?? runTasks(order.map((i) => planned[i]), 1));
  const results = new Array<(typeof done)[number]>(planned.length);
  order.forEach((i, k) => (results[i] = done[k]));
  for (const r of results) {
    Object.assign(row, r.features);
    if (options.timings) for (const [k, v] of Object.entries(r.timings)) options.timings[k] = v;
  }
  return row;
}

export { computeTask };
