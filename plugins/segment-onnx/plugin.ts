/**
 * The `segment.onnx` stage: one NIfTI mask per case plus a row of volumes and QC metrics. Outputs
 * depend only on the image, the model file and the params (no clocks, no randomness), so a retried
 * activity that redoes a case writes the same mask.
 */
import { caseImagePath, definePlugin, type CaseContext, type CaseResult } from '../../core/plugin.js';
import { EmptyRegionError } from '../../core/errors.js';
import { checkSameGeometry } from '../../core/image/geometry.js';
import type { Image3D } from '../../core/image/image.js';
import { readImage, writeNifti } from '../../core/image/io.js';
import { loadModel } from '../../core/onnx/load-model.js';
import { qcMetrics } from './qc-metrics.js';
import { segmentParams, type SegmentParams } from './params.js';
import { segmentImage } from './segment-image.js';

export default definePlugin({
  id: 'segment.onnx',
  version: '1.0.0',
  kind: 'site',
  description: 'ONNX 3D segmentation with MONAI-style sliding windows; writes a NIfTI mask per case and QC metrics',
  params: segmentParams,
  processCase: segmentCase,
});

export async function segmentCase(ctx: CaseContext, params: SegmentParams): Promise<CaseResult> {
  const where = { site: ctx.site, caseId: ctx.case.caseId };
  const imagePath = caseImagePath(ctx, params);
  const image = await readImage(imagePath, { where });
  const model = await loadModel(params.model, { device: params.device, intraOpThreads: params.threads, log: ctx.log });
  const result = await segmentImage(image, model, {
    roi: params.roi,
    overlap: params.overlap,
    blend: params.blend === 'gaussian' ? { type: 'gaussian', sigmaScale: params.sigmaScale } : { type: 'constant' },
    batchSize: params.batchSize,
    threshold: params.threshold,
    largestComponent: params.largestComponent,
    orientation: params.orientation,
    signal: ctx.signal,
    where: { ...where, file: imagePath },
    onProgress: (done, total) => ctx.heartbeat({ caseId: ctx.case.caseId, windowsDone: done, windows: total }),
  });
  const voxelMl = (image.spacing[0] * image.spacing[1] * image.spacing[2]) / 1000;
  const foreground = result.labelVoxels.slice(1).reduce((a, b) => a + b, 0);
  const row: Record<string, number | string | null> = {
    seg_model: model.card.name,
    seg_model_version: model.card.version,
    seg_provider: model.onnx.provider,
    seg_windows: result.windows,
    seg_volume_ml: foreground * voxelMl,
  };
  for (const id of Object.keys(model.card.labels ?? {}).map(Number).filter((k) => k > 0)) row[`seg_label${id}_ml`] = (result.labelVoxels[id] ?? 0) * voxelMl;
  row.qc_flag = foreground === 0 ? 'empty_prediction' : 'ok';
  Object.assign(row, await referenceQc(ctx, params, image, result.mask.data, where));
  if (foreground === 0) {
    if (params.onEmpty === 'error') {
      throw new EmptyRegionError(`model '${model.card.name}' predicted no foreground voxel`, { ...where, file: imagePath }, 'Check the image (modality, orientation, intensity range) against the model card, or use onEmpty: flag to record it and go on');
    }
    ctx.log.warn({ caseId: ctx.case.caseId, model: model.card.name }, 'empty prediction: no mask written (qc_flag = empty_prediction)');
    return { row };
  }
  const out = ctx.outputFile('mask', '.nii.gz');
  await writeNifti(out, result.mask);
  return { row, files: { mask: out } };
}

/** Dice, HD95 and volume difference against the case's reference mask (any non-zero label), if it has one. */
async function referenceQc(ctx: CaseContext, params: SegmentParams, image: Image3D, pred: Uint8Array, where: { site: string; caseId: string }) {
  const refPath = ctx.case.files[params.reference];
  if (!refPath) return { qc_dice: null, qc_hd95_mm: null, qc_volume_diff_ml: null };
  const ref = await readImage(refPath, { where });
  checkSameGeometry(image, ref, { where: { ...where, file: refPath }, names: ['image', 'reference mask'] });
  const m = qcMetrics(pred, ref.data, image.size, image.spacing);
  return { qc_dice: m.dice, qc_hd95_mm: Number.isNaN(m.hd95) ? null : m.hd95, qc_volume_diff_ml: m.volumeDiffMl };
}
