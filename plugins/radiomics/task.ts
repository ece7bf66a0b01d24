/**
 * One unit of parallel work: apply one filter to the cropped image and compute every enabled
 * non-shape feature family on each output. Plain data in and out, so it can cross a worker boundary.
 */
import type { Vec3 } from '../../core/image/image.js';
import { applyFilter, type FilterSpec } from './filters/index.js';
import { imageFeatures, voxelsRead } from './image-features.js';
import type { ExtractionSettings, FeatureClassName } from './settings.js';

export interface ImageTask {
  filter: FilterSpec;
  settings: ExtractionSettings;
  classes: Partial<Record<FeatureClassName, string[]>>;
  image: { data: Float64Array; size: Vec3; spacing: Vec3 };
  roi: Uint8Array;
  /** ROI before re-segmentation (GLDZM distance map). */
  morphologicalMask: Uint8Array;
  resegmentLower: number | null;
  /** Largest |intensity| of the image PyRadiomics would filter; sent only with the intensity maps. */
  maxAbs?: number;
  /** The image PyRadiomics filters and where `image` lies in it; sent only with LoG tasks. */
  extent?: { data: Float64Array; size: Vec3; lower: Vec3 };
}

export interface TaskResult {
  features: Record<string, number>;
  /** Milliseconds by `<imageType>` (filter) and `<imageType>_<class>`. */
  timings: Record<string, number>;
}

export function computeTask(task: ImageTask): TaskResult {
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  const readBox = voxelsRead(task.roi, task.image.size, task.classes);
  const outputs = applyFilter(task.filter, { ...task.image, maxAbs: task.maxAbs, extent: task.extent, readBox }, task.settings);
  const filterName = task.filter.type === 'Original' ? 'original' : outputs.length === 1 ? outputs[0].name : outputs.map((o) => o.name).join('+');
  timings[`filter:${filterName}`] = performance.now() - t0;
  const features: Record<string, number> = {};
  for (const out of outputs) {
    const classTimes: Record<string, number> = {};
    const f = imageFeatures(
      { data: out.data, size: task.image.size, spacing: task.image.spacing, roi: task.roi, morphologicalMask: task.morphologicalMask, resegmentLower: task.resegmentLower },
      task.settings,
      task.classes,
      classTimes,
    );
    for (const [k, v] of Object.entries(f)) features[`${out.name}_${k}`] = v;
    for (const [cls, ms] of Object.entries(classTimes)) timings[`${out.name}:${cls}`] = ms;
  }
  return { features, timings };
}
