/**
 * `cohortflow deep-features`: pooled encoder features of one masked region, without a study.
 */
import type { Command } from 'commander';
import { readImage } from '../../core/image/io.js';
import type { Device } from '../../core/onnx/execution-provider.js';
import { loadModel } from '../../core/onnx/load-model.js';
import { deepFeatures } from '../../plugins/deep-features/extract.js';

export interface DeepFeaturesCliOptions {
  model: string;
  image: string;
  mask: string;
  label?: string;
  device?: Device;
  threads?: string;
}

export async function runDeepFeatures(opts: DeepFeaturesCliOptions): Promise<Record<string, number>> {
  const [image, mask] = await Promise.all([readImage(opts.image), readImage(opts.mask)]);
  const model = await loadModel(opts.model, { device: opts.device ?? 'cpu', intraOpThreads: opts.threads ? Number(opts.threads) : undefined });
  const f = await deepFeatures(image, mask, model, { label: opts.label === undefined ? undefined : Number(opts.label), where: { file: opts.image } });
  return Object.fromEntries(f.names.map((n, k) => [n, f.values[k]]));
}

export function register(program: Command): void {
  program
    .command('deep-features')
    .description('encoder features pooled inside a mask (columns deep_<model>_<k>)')
    .requiredOption('--model <name|path>', 'encoder model name in datasets/models, a model folder, or an .onnx file with its card')
    .requiredOption('--image <file>', 'image')
    .requiredOption('--mask <file>', 'mask on the image grid')
    .option('--label <n>', 'mask label of the region (default: every non-zero voxel)')
    .option('--device <device>', 'cpu | gpu | gpu-preferred', 'cpu')
    .option('--threads <n>', 'onnxruntime intra-op threads')
    .option('--csv', 'print one CSV header line and one value line')
    .action(async (opts: DeepFeaturesCliOptions & { csv?: boolean }) => {
      const r = await runDeepFeatures(opts);
      const out = opts.csv ? `${Object.keys(r).join(',')}\n${Object.values(r).join(',')}` : JSON.stringify(r, null, 2);
      process.stdout.write(out + '\n');
    });
}
