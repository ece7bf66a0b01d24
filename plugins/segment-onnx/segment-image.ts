/**
 * Segments one image with an ONNX model, as its card prescribes: reorient, resample to the model's
 * spacing, normalise, sliding-window inference, argmax or sigmoid threshold, optional largest
 * connected component, then back to the image's own grid. A plain function: the plugin, the CLI and
 * the benchmark all call it.
 */
import { GeometryMismatchError, type ErrorWhere } from '../../core/errors.js';
import type { Image3D, Vec3 } from '../../core/image/image.js';
import type { LoadedModel } from '../../core/onnx/load-model.js';
import { assertModelFits, fixedWindow, scoreOutput } from '../../core/onnx/model-fit.js';
import { sessionRunner } from '../../core/onnx/runner.js';
import { scoresToLabels, type Activation } from './labels.js';
import { keepLargestComponents } from './largest-component.js';
import { fromModelGrid, toModelGrid } from '../../core/onnx/model-grid.js';
import { normalizeIntensities } from '../../core/onnx/normalize.js';
import { orientationCode } from '../../core/onnx/orientation.js';
import { slidingWindowInference, type SlidingWindowOptions } from './sliding-window.js';

export interface SegmentOptions extends SlidingWindowOptions {
  /**
   * What to do when the image's axis orientation differs from the card's: `reorient` permutes and
   * flips axes (exact, undone afterwards); `require` refuses the image. @default 'reorient'
   */
  orientation?: 'reorient' | 'require';
  /** Sigmoid threshold for sigmoid models. @default 0.5 */
  threshold?: number;
  /** Keep only the largest 26-connected component of each label. @default false */
  largestComponent?: boolean;
  /** Site, case and image file named in errors. @default {} */
  where?: ErrorWhere;
}

export interface SegmentResult {
  /** Label map on the input image's grid (same size, spacing, origin, direction). */
  mask: Image3D<Uint8Array>;
  /** Voxels per label id (index 0 = background), on the input grid. */
  labelVoxels: number[];
  windows: number;
  /** The model grid actually used: orientation code and size after resampling. */
  modelGrid: { orientation: string; size: Vec3; spacing: Vec3 };
}

export async function segmentImage(image: Image3D, model: LoadedModel, options: SegmentOptions = {}): Promise<SegmentResult> {
  const card = model.card;
  const code = orientationCode(image.direction);
  if (card.orientation && code !== card.orientation && (options.orientation ?? 'reorient') === 'require') {
    throw new GeometryMismatchError(
      `image orientation is ${code} but model '${card.name}' expects ${card.orientation}`,
      options.where ?? {},
      "Reorient the image (e.g. nibabel as_closest_canonical / FreeSurfer mri_convert --out_orientation), or let the stage reorient with orientation: 'reorient'",
    );
  }
  const grid = toModelGrid(image, card);
  const roi: Vec3 = fixedWindow(model.input) ?? options.roi ?? card.roi ?? grid.image.size;
  assertModelFits(model.input, { channels: 1, window: roi }, model.onnxPath, options.where);
  const input = normalizeIntensities(grid.image.data, card.normalization);
  const run = sessionRunner(model.onnx.session, model.input.name, scoreOutput(card), model.onnxPath);
  let windows = 0;
  const scores = await slidingWindowInference({ size: grid.image.size, channels: 1, data: input }, run, {
    ...options,
    roi,
    onProgress: (done, total) => {
      windows = total;
      options.onProgress?.(done, total);
    },
  });
  const activation: Activation =
    card.activation === 'sigmoid'
      ? { type: 'sigmoid', threshold: options.threshold ?? 0.5, scores: card.outputs.find((o) => o.name === scoreOutput(card))?.role === 'probabilities' ? 'probabilities' : 'logits' }
      : { type: 'argmax' };
  let labels = scoresToLabels(scores, activation);
  if (options.largestComponent) labels = keepLargestComponents(labels, grid.image.size);
  const mask = fromModelGrid({ ...grid.image, data: labels }, grid, image);
  const labelVoxels = countLabels(mask.data);
  return { mask, labelVoxels, windows, modelGrid: { orientation: orientationCode(grid.image.direction), size: grid.image.size, spacing: grid.image.spacing } };
}

function countLabels(data: Uint8Array): number[] {
  const counts = new Array<number>(256).fill(0);
  let top = 0;
  for (let i = 0; i < data.length; i++) {
    counts[data[i]]++;
    if (data[i] > top) top = data[i];
  }
  return counts.slice(0, top + 1);
}
