/**
 * The `features.deep` stage: one row of `deep_<model>_<k>` columns per case, from an encoder's
 * feature map pooled inside the case's mask. Deterministic per case, so a redone case writes the
 * same row.
 */
import { EmptyRegionError, InvalidInputError } from '../../core/errors.js';
import { readImage } from '../../core/image/io.js';
import { loadModel } from '../../core/onnx/load-model.js';
import { caseImagePath, definePlugin, type CaseContext, type CaseResult } from '../../core/plugin.js';
import { deepFeatures } from './extract.js';
import { deepFeatureParams, type DeepFeatureParams } from './params.js';

export default definePlugin({
  id: 'features.deep',
  version: '1.0.0',
  kind: 'site',
  description: 'Deep features: ONNX encoder output pooled inside the mask (deep_<model>_<k> columns)',
  params: deepFeatureParams,
  processCase: deepFeaturesCase,
});

export async function deepFeaturesCase(ctx: CaseContext, params: DeepFeatureParams): Promise<CaseResult> {
  const where = { site: ctx.site, caseId: ctx.case.caseId };
  const imagePath = caseImagePath(ctx, params);
  let maskPath: string | undefined;
  if (params.maskFrom) {
    const up = ctx.input(params.maskFrom);
    maskPath = up.files.mask;
    if (!maskPath) {
      throw new EmptyRegionError(`stage '${params.maskFrom}' committed no mask for this case (its qc_flag: ${String(up.row.qc_flag ?? 'none')})`, where, 'Review the segmentation QC; cases with an empty prediction have no region to describe');
    }
  } else {
    maskPath = ctx.case.files[params.mask];
    if (!maskPath) throw new InvalidInputError(`case has no '${params.mask}' mask column`, where, 'Add a mask column to cases.csv or set maskFrom to a segmentation stage');
  }
  const [image, mask] = await Promise.all([readImage(imagePath, { where }), readImage(maskPath, { where })]);
  const model = await loadModel(params.model, { device: params.device, intraOpThreads: params.threads, log: ctx.log });
  ctx.heartbeat({ caseId: ctx.case.caseId });
  const f = await deepFeatures(image, mask, model, { label: params.label, margin: params.margin, pooling: params.pooling, where: { ...where, file: maskPath } });
  const row: Record<string, number> = {};
  f.names.forEach((n, k) => (row[n] = f.values[k]));
  return { row };
}
