/**
 * The `features.radiomics` stage: one row of PyRadiomics-named IBSI features per case. The image is
 * the case's `image` column (or `imageColumn`); the mask is the case's `mask` column or, with
 * `maskFrom`, the mask committed by an upstream segmentation stage.
 */
import { z } from 'zod';
import { EmptyRegionError, InvalidInputError } from '../../core/errors.js';
import { readImage } from '../../core/image/io.js';
import { definePlugin, type CaseContext, type CaseResult } from '../../core/plugin.js';
import { extractFeatures } from './extractor.js';
import { loadSettings } from './load-settings.js';
import { RADIOMICS_VERSION } from './version.js';

export const radiomicsParams = z.object({
  /** Path to a PyRadiomics params YAML, or the params inline (setting/imageType/featureClass). */
  params: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  /** Mask label of the region; overrides the params file. */
  label: z.number().int().optional(),
  /** Upstream site stage whose committed `mask` file is the region (e.g. a segmentation stage). */
  maskFrom: z.string().optional(),
  /** cases.csv column holding the image. @default 'image' */
  imageColumn: z.string().default('image'),
  /** cases.csv column holding the mask (when maskFrom is not set). @default 'mask' */
  maskColumn: z.string().default('mask'),
  /** Worker threads per case (filters and families in parallel). @default 1 */
  threads: z.number().int().min(1).max(64).default(1),
}).strict();

export type RadiomicsParams = z.infer<typeof radiomicsParams>;

export async function radiomicsCase(ctx: CaseContext, params: RadiomicsParams): Promise<CaseResult> {
  const where = { site: ctx.site, caseId: ctx.case.caseId };
  const imagePath = ctx.case.files[params.imageColumn];
  if (!imagePath) throw new InvalidInputError(`case has no '${params.imageColumn}' image column`, where, 'Name the image column with imageColumn');
  let maskPath: string | undefined;
  if (params.maskFrom) {
    const up = ctx.input(params.maskFrom);
    maskPath = up.files.mask;
    if (!maskPath) throw new EmptyRegionError(`stage '${params.maskFrom}' committed no mask for this case`, where, 'Review the segmentation stage output for this case');
  } else {
    maskPath = ctx.case.files[params.maskColumn];
    if (!maskPath) throw new InvalidInputError(`case has no '${params.maskColumn}' mask column`, where, 'Add a mask column to cases.csv or set maskFrom');
  }
  const settings = await loadSettings(params.params, params.label);
  const [image, mask] = await Promise.all([readImage(imagePath, { where }), readImage(maskPath, { where })]);
  ctx.heartbeat({ caseId: ctx.case.caseId });
  const row = await extractFeatures(image, mask, settings, { where: { ...where, file: maskPath }, threads: params.threads });
  return { row };
}

export default definePlugin({
  id: 'features.radiomics',
  version: RADIOMICS_VERSION,
  kind: 'site',
  description: 'IBSI radiomic features with PyRadiomics names and settings (original_glcm_Contrast, …)',
  params: radiomicsParams,
  processCase: radiomicsCase,
});
