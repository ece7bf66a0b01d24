/** Parameters of the `features.deep` stage. */
import { z } from 'zod';

export const deepFeatureParams = z.object({
  /** Encoder: registry name (datasets/models/<name>), model folder, or .onnx path with its card. */
  model: z.string().min(1),
  device: z.enum(['cpu', 'gpu', 'gpu-preferred']).default('cpu'),
  threads: z.number().int().positive().optional(),
  /** Image column of cases.csv. */
  image: z.string().default('image'),
  /** Take the image from this upstream stage's `image` file instead. */
  imageFrom: z.string().optional(),
  /** Take the mask from this upstream stage (e.g. a segment.onnx stage) instead of the `mask` column. */
  maskFrom: z.string().optional(),
  /** Mask column of cases.csv when maskFrom is not set. */
  mask: z.string().default('mask'),
  /** Label of the region; every non-zero voxel when absent. */
  label: z.number().int().positive().optional(),
  /** Voxels of context around the mask (models with free input size); default: the card's. */
  margin: z.number().int().nonnegative().optional(),
  pooling: z.array(z.enum(['mean', 'std', 'max'])).min(1).optional(),
});

export type DeepFeatureParams = z.infer<typeof deepFeatureParams>;
