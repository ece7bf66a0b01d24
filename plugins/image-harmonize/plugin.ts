/**
 * `image.harmonize`: per-case image harmonization at the site — resample to a common spacing,
 * clip intensities at percentiles, and normalize (z-score in the mask, the body or the whole
 * image; or Nyúl standardization to landmarks learned by the `image.nyul` stage). Writes the
 * image (and resampled mask) as NIfTI and a row of before/after statistics and landmarks.
 */
import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import type { Image3D, Vec3 } from '../../core/image/image.js';
import { readImage, writeNifti } from '../../core/image/io.js';
import { resampleMask, resampleToSpacing } from '../../core/image/resample.js';
import { definePlugin, type CaseContext, type CaseResult } from '../../core/plugin.js';
import { NYUL_PERCENTILES, bodyRegion, clip, nyulApply, percentiles, regionValues, zscore, type Region } from './intensity.js';

export const imageHarmonizeParams = z.object({
  /** Image column of cases.csv. */
  image: z.string().default('image'),
  /** Or take the `image` (and `mask`) files of an upstream site stage. */
  imageFrom: z.string().optional(),
  /** Target voxel spacing in mm; omit to keep the native grid. */
  spacing: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]).optional(),
  interpolator: z.enum(['linear', 'bspline', 'nearest']).default('linear'),
  /** Clip intensities at these percentiles of the region, e.g. [0.5, 99.5]. */
  clipPercentiles: z.tuple([z.number().min(0).max(100), z.number().min(0).max(100)]).optional(),
  normalize: z.enum(['none', 'zscore', 'nyul']).default('zscore'),
  /** Voxels the statistics are taken over: the case's mask, the body (Otsu), or all. */
  region: z.enum(['mask', 'body', 'all']).default('body'),
  /** For normalize 'nyul': the `image.nyul` stage whose rows carry the standard landmarks. */
  nyulFrom: z.string().optional(),
});
export type ImageHarmonizeParams = z.infer<typeof imageHarmonizeParams>;

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'image.harmonize': z.input<typeof imageHarmonizeParams> }
}

function regionOf(image: Image3D, mask: Image3D | null, region: ImageHarmonizeParams['region'], where: object): Region {
  if (region === 'all') return null;
  if (region === 'body') return bodyRegion(image.data);
  if (!mask) throw new InvalidInputError('region "mask" needs a mask for this case', where, 'Add a mask column to cases.csv, or use region: body');
  return Uint8Array.from(mask.data as ArrayLike<number>, (v) => (v > 0 ? 1 : 0));
}

export async function harmonizeCase(ctx: CaseContext, p: ImageHarmonizeParams): Promise<CaseResult> {
  const where = { site: ctx.site, caseId: ctx.case.caseId };
  const files = p.imageFrom ? ctx.input(p.imageFrom).files : { image: ctx.case.files[p.image], mask: ctx.case.files.mask };
  if (!files.image) throw new InvalidInputError(`case has no '${p.image}' image`, where, 'Name the image column with the image parameter');
  let image = await readImage(files.image, { where });
  let mask = files.mask ? await readImage(files.mask, { where }) : null;
  if (p.spacing) {
    const spacing = p.spacing as Vec3;
    const resampled = resampleToSpacing(image, spacing, { interpolator: p.interpolator, outputType: 'float32' });
    if (mask) mask = resampleMask(mask, resampled);
    image = resampled;
  }
  const data = Float32Array.from(image.data as ArrayLike<number>);
  const region = regionOf(image, mask, p.region, where);
  const before = regionValues(data, region);
  if (before.length < 2) throw new InvalidInputError(`the ${p.region} region has ${before.length} voxel(s)`, where);
  const row: CaseResult['row'] = {};
  if (p.clipPercentiles) {
    const [lo, hi] = percentiles(before, p.clipPercentiles);
    clip(data, lo, hi);
    row.hz_clip_low = lo;
    row.hz_clip_high = hi;
  }
  const landmarks = percentiles(regionValues(data, region), NYUL_PERCENTILES);
  NYUL_PERCENTILES.forEach((q, k) => (row[`nyul_p${q}`] = landmarks[k]));
  if (p.normalize === 'zscore') {
    try {
      const s = zscore(data, region);
      row.hz_mean = s.mean;
      row.hz_sd = s.sd;
    } catch (e) {
      throw new InvalidInputError((e as Error).message, where, 'Check the image, or use another region');
    }
  } else if (p.normalize === 'nyul') {
    if (!p.nyulFrom) throw new InvalidInputError('normalize "nyul" needs nyulFrom (an image.nyul stage)', where);
    const upstream = ctx.input(p.nyulFrom).row;
    const standard = NYUL_PERCENTILES.map((q) => Number(upstream[`nyul_std_p${q}`]));
    if (standard.some((v) => !Number.isFinite(v))) throw new InvalidInputError(`stage ${p.nyulFrom} has no standard landmarks for this case`, where);
    nyulApply(data, landmarks, standard);
  }
  row.hz_spacing_x = image.spacing[0];
  row.hz_spacing_y = image.spacing[1];
  row.hz_spacing_z = image.spacing[2];
  const out: Record<string, string> = {};
  out.image = ctx.outputFile('image', '.nii.gz');
  await writeNifti(out.image, { ...image, data });
  if (mask) {
    out.mask = ctx.outputFile('mask', '.nii.gz');
    await writeNifti(out.mask, { ...mask, data: Uint8Array.from(mask.data as ArrayLike<number>) });
  }
  return { row, files: out };
}

export default definePlugin({
  id: 'image.harmonize',
  version: '1.0.0',
  kind: 'site',
  description: 'Resample to a common spacing, clip at percentiles, and normalize intensities (z-score in mask/body, or Nyúl landmarks)',
  params: imageHarmonizeParams,
  processCase: harmonizeCase,
});
