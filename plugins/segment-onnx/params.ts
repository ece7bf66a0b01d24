/** Parameters of the `segment.onnx` stage. */
import { z } from 'zod';

const vec3i = z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]);

export const segmentParams = z.object({
  /** Registry name (datasets/models/<name>), model folder, or .onnx path with its card beside it. */
  model: z.string().min(1),
  /** Where to run; `gpu*` stages are routed to the site's GPU task queue. */
  device: z.enum(['cpu', 'gpu', 'gpu-preferred']).default('cpu'),
  /** onnxruntime intra-op threads; default: all CPUs of the worker. */
  threads: z.number().int().positive().optional(),
  /** Image column of cases.csv to segment. */
  image: z.string().default('image'),
  /** Take the image from this upstream stage's `image` file instead (e.g. a harmonisation stage). */
  imageFrom: z.string().optional(),
  /** Sliding-window size [x, y, z]; default: the card's roi, else the whole volume. */
  roi: vec3i.optional(),
  overlap: z.number().min(0).lt(1).default(0.5),
  blend: z.enum(['gaussian', 'constant']).default('gaussian'),
  sigmaScale: z.number().positive().default(0.125),
  /** Windows per onnxruntime call. */
  batchSize: z.number().int().positive().default(1),
  /** Sigmoid models: probability above which a voxel is foreground. */
  threshold: z.number().gt(0).lt(1).default(0.5),
  largestComponent: z.boolean().default(false),
  /** `require`: an image whose axes differ from the card's orientation is refused. */
  orientation: z.enum(['reorient', 'require']).default('reorient'),
  /** An empty prediction: `flag` records qc_flag = empty_prediction and writes no mask; `error` fails the case. */
  onEmpty: z.enum(['flag', 'error']).default('flag'),
  /** Case file column holding a reference mask for QC (Dice, HD95, volume difference), when present. */
  reference: z.string().default('mask'),
});

export type SegmentParams = z.infer<typeof segmentParams>;
