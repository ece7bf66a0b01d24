/**
 * The model card (`model.json` beside `model.onnx`): what the network expects and produces, so that
 * pre- and post-processing follow the card, not code. Validated with zod when a model is loaded.
 */
import { z } from 'zod';

const dim = z.union([z.number().int().positive(), z.string()]);

/** A tensor of the graph: name and shape as [N, C, D, H, W] (strings are symbolic dims). */
export const tensorSpec = z.object({
  name: z.string(),
  shape: z.array(dim),
  dtype: z.literal('float32').default('float32'),
  /** What an output carries: class scores (`logits`/`probabilities`) or a feature map (`features`). */
  role: z.enum(['logits', 'probabilities', 'features']).optional(),
  description: z.string().optional(),
});

/** How intensities are scaled before inference. */
export const normalization = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  /** (v − min) / (max − min) over the whole volume. */
  z.object({ type: z.literal('minmax') }),
  /** (v − mean) / std over the whole volume, or over voxels ≠ 0 with `nonzero`. */
  z.object({ type: z.literal('zscore'), nonzero: z.boolean().default(false) }),
  /** Clip to [min, max] then scale to [0, 1] (CT windows). */
  z.object({ type: z.literal('window'), min: z.number(), max: z.number() }),
]);

export const modelCard = z.object({
  name: z.string(),
  version: z.string(),
  task: z.enum(['segmentation', 'encoder']),
  description: z.string(),
  /** The ONNX file, relative to the card. */
  file: z.string().default('model.onnx'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  inputs: z.array(tensorSpec).min(1),
  outputs: z.array(tensorSpec).min(1),
  /** Voxel spacing [x, y, z] in mm the model was trained at; null: use the image as it is. */
  spacing: z.tuple([z.number(), z.number(), z.number()]).nullable(),
  /** Axis codes (nibabel convention, e.g. 'RAS', 'LIA'); null: any orientation. */
  orientation: z.string().regex(/^[RLAPSI]{3}$/).nullable(),
  normalization,
  /** How class scores become labels: argmax over channels, or sigmoid > threshold per channel. */
  activation: z.enum(['softmax', 'sigmoid']).optional(),
  /** Label id → name (segmentation); 0 is background. */
  labels: z.record(z.string(), z.string()).optional(),
  /** Recommended sliding-window size [x, y, z]; absent: the whole volume in one run. */
  roi: z.tuple([z.number().int(), z.number().int(), z.number().int()]).optional(),
  /** Feature maps: which output, and how many pooled values a case gets. */
  features: z
    .object({
      output: z.string(),
      pooling: z.array(z.enum(['mean', 'std', 'max'])).min(1),
      /** Voxels of context around the mask's bounding box. */
      margin: z.number().int().nonnegative().default(0),
      /** Fixed crop [x, y, z] centred on the mask, for encoders with a static input size. */
      crop: z.tuple([z.number().int(), z.number().int(), z.number().int()]).optional(),
    })
    .optional(),
  license: z.string(),
  source: z.string(),
  metrics: z.record(z.string(), z.number()).optional(),
});

export type ModelCard = z.infer<typeof modelCard>;
export type TensorSpec = z.infer<typeof tensorSpec>;
export type Normalization = z.infer<typeof normalization>;
