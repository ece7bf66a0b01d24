/**
 * `cohortflow segment`: one image through an ONNX segmentation model, without a study. Shows
 * window progress on stderr and prints label volumes (and QC against --reference) on stdout.
 */
import type { Command } from 'commander';
import { readImage, writeNifti } from '../../core/image/io.js';
import { loadModel } from '../../core/onnx/load-model.js';
import type { Device } from '../../core/onnx/execution-provider.js';
import { qcMetrics, type QcMetrics } from '../../plugins/segment-onnx/qc-metrics.js';
import { segmentImage } from '../../plugins/segment-onnx/segment-image.js';

export interface SegmentCliOptions {
  model: string;
  image: string;
  out: string;
  device?: Device;
  threads?: string;
  roi?: string;
  overlap?: string;
  batch?: string;
  largestComponent?: boolean;
  reference?: string;
  quiet?: boolean;
}

export interface SegmentCliResult {
  model: string;
  provider: string;
  providerReason: string;
  labelVoxels: number[];
  labelMl: Record<string, number>;
  windows: number;
  seconds: number;
  qc?: QcMetrics;
  out: string | null;
}

export async function runSegment(opts: SegmentCliOptions): Promise<SegmentCliResult> {
  const t0 = performance.now();
  const image = await readImage(opts.image);
  const model = await loadModel(opts.model, { device: opts.device ?? 'cpu', intraOpThreads: opts.threads ? Number(opts.threads) : undefined });
  const roi = opts.roi ? (opts.roi.split(/[x,]/).map(Number) as [number, number, number]) : undefined;
  const result = await segmentImage(image, model, {
    roi,
    overlap: opts.overlap ? Number(opts.overlap) : undefined,
    batchSize: opts.batch ? Number(opts.batch) : undefined,
    largestComponent: opts.largestComponent,
    where: { file: opts.image },
    onProgress: (done, total) => {
      if (opts.quiet) return;
      const elapsed = (performance.now() - t0) / 1000;
      const eta = (elapsed / done) * (total - done);
      process.stderr.write(`\rwindows ${done}/${total}, ${elapsed.toFixed(1)} s, ETA ${eta.toFixed(0)} s ${done === total ? '\n' : ''}`);
    },
  });
  const voxelMl = (image.spacing[0] * image.spacing[1] * image.spacing[2]) / 1000;
  const labelMl: Record<string, number> = {};
  result.labelVoxels.forEach((n, id) => {
    if (id > 0) labelMl[model.card.labels?.[String(id)] ?? `label ${id}`] = n * voxelMl;
  });
  const empty = result.labelVoxels.slice(1).every((n) => n === 0);
  // An empty prediction is reported, not written as an empty mask nobody would notice.
  if (!empty) await writeNifti(opts.out, result.mask);
  const qc = opts.reference ? qcMetrics(result.mask.data, (await readImage(opts.reference)).data, image.size, image.spacing) : undefined;
  return { model: model.card.name, provider: model.onnx.provider, providerReason: model.onnx.reason, labelVoxels: result.labelVoxels, labelMl, windows: result.windows, seconds: (performance.now() - t0) / 1000, qc, out: empty ? null : opts.out };
}

export function register(program: Command): void {
  program
    .command('segment')
    .description('segment one image with an ONNX model (registry name or path) and write a NIfTI mask')
    .requiredOption('--model <name|path>', 'model name in datasets/models, a model folder, or an .onnx file with its card')
    .requiredOption('--image <file>', 'image (NIfTI, NRRD, MetaImage, DICOM folder)')
    .requiredOption('--out <mask.nii.gz>', 'output mask')
    .option('--device <device>', 'cpu | gpu | gpu-preferred', 'cpu')
    .option('--threads <n>', 'onnxruntime intra-op threads')
    .option('--roi <x,y,z>', 'sliding-window size (default: the model card)')
    .option('--overlap <f>', 'window overlap', '0.5')
    .option('--batch <n>', 'windows per onnxruntime call', '1')
    .option('--largest-component', 'keep the largest connected component of each label')
    .option('--reference <mask>', 'reference mask: print Dice, HD95 and volume difference')
    .option('--quiet', 'no progress on stderr')
    .option('--json', 'print JSON')
    .action(async (opts: SegmentCliOptions & { json?: boolean }) => {
      const r = await runSegment(opts);
      if (opts.json) {
        process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      } else {
        const lines = [`model ${r.model} on ${r.provider} (${r.providerReason}); ${r.windows} windows in ${r.seconds.toFixed(1)} s`];
        for (const [name, ml] of Object.entries(r.labelMl)) lines.push(`  ${name}: ${ml.toFixed(1)} mL`);
        if (r.qc) lines.push(`  QC vs reference: Dice ${r.qc.dice.toFixed(4)}, HD95 ${r.qc.hd95.toFixed(2)} mm, volume difference ${r.qc.volumeDiffMl.toFixed(2)} mL`);
        lines.push(r.out ? `mask written to ${r.out}` : 'EMPTY PREDICTION: no voxel labelled; no mask written');
        process.stdout.write(lines.join('\n') + '\n');
      }
      if (!r.out) process.exitCode = 2;
    });
}
