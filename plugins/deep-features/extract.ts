/**
 * Deep features of one region: the encoder runs on a normalised crop around the mask (on the model's
 * grid, as its card says) and its feature map is pooled inside the mask. Columns are
 * `deep_<model>_<k>`, k running over [stat][channel] in the order of the card's pooling list.
 */
import { EmptyRegionError, ModelMismatchError, type ErrorWhere } from '../../core/errors.js';
import { checkSameGeometry, maskBoundingBox } from '../../core/image/geometry.js';
import type { Image3D, Vec3 } from '../../core/image/image.js';
import type { LoadedModel } from '../../core/onnx/load-model.js';
import { toModelGrid, maskToModelGrid } from '../../core/onnx/model-grid.js';
import { assertModelFits, fixedWindow } from '../../core/onnx/model-fit.js';
import { normalizeIntensities } from '../../core/onnx/normalize.js';
import { sessionRunner } from '../../core/onnx/runner.js';
import { cropAround } from './crop.js';
import { cellWeights, poolFeatures, type PoolingStat } from './pooling.js';

export interface DeepFeatureOptions {
  /** Mask label that marks the region; all non-zero voxels when absent. @default undefined */
  label?: number;
  /** Voxels of context around the mask's box (free-size models). @default the card's features.margin */
  margin?: number;
  /** Statistics pooled per channel. @default the card's features.pooling */
  pooling?: PoolingStat[];
  /** Site, case and file named in errors. @default {} */
  where?: ErrorWhere;
}

export interface DeepFeatures {
  names: string[];
  values: Float64Array;
  /** Size [x, y, z] of the crop the encoder saw. */
  crop: Vec3;
}

export async function deepFeatures(image: Image3D, mask: Image3D, model: LoadedModel, options: DeepFeatureOptions = {}): Promise<DeepFeatures> {
  const card = model.card;
  const where = options.where ?? {};
  const spec = card.features;
  if (!spec) throw new ModelMismatchError(`model '${card.name}' has no features section in its card`, { ...where, file: model.cardPath }, 'Use an encoder model whose card names a features output');
  checkSameGeometry(image, mask, { where });
  const grid = toModelGrid(image, card);
  const region = maskToModelGrid(mask, grid, options.label);
  const box = maskBoundingBox({ size: grid.image.size, data: region });
  if (!box) throw new EmptyRegionError(`mask has no voxel${options.label === undefined ? '' : ` with label ${options.label}`} on the model grid`, where, 'Check the mask and the label parameter');
  const fixed = spec.crop ?? fixedWindow(model.input);
  const normalized = normalizeIntensities(grid.image.data, card.normalization);
  const crop = cropAround(normalized, region, grid.image.size, box, fixed ? { fixed } : { margin: options.margin ?? spec.margin });
  assertModelFits(model.input, { channels: 1, window: crop.size }, model.onnxPath, where);
  const run = sessionRunner(model.onnx.session, model.input.name, spec.output, model.onnxPath, false);
  const out = await run(crop.image, [1, 1, crop.size[2], crop.size[1], crop.size[0]]).catch((e: unknown) => {
    if (e instanceof ModelMismatchError) throw e;
    throw new ModelMismatchError(`encoder '${card.name}' failed on a crop of ${crop.size.join('×')}: ${(e as Error).message}`, { ...where, file: model.onnxPath }, 'Check the card (crop, margin) against the model input');
  });
  const cells: Vec3 = [out.dims[4], out.dims[3], out.dims[2]];
  const weights = cellWeights(crop.region, crop.size, cells);
  const stats = options.pooling ?? spec.pooling;
  const values = poolFeatures(out.data, out.channels, weights, stats);
  const prefix = `deep_${card.name.replace(/[^A-Za-z0-9]+/g, '_')}`;
  return { names: Array.from(values, (_, k) => `${prefix}_${k}`), values, crop: crop.size };
}
