/**
 * `reliability.perturb`: one perturbed copy of each case for ICC reliability when a site has no
 * test–retest scans — the mask dilated or eroded (by one voxel by default), and/or Gaussian noise
 * added to the image (seeded by the case id, so a retried case writes the same files). A
 * radiomics stage run on each copy (`imageFrom: <this stage>`) gives one repeat for `reliability.icc`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EmptyRegionError, InvalidInputError } from '../../core/errors.js';
import { readImage, writeNifti } from '../../core/image/io.js';
import { countForeground, dilateMm, erodeMm } from '../../core/image/mask.js';
import { definePlugin, type CaseContext, type CaseResult } from '../../core/plugin.js';
import { Prng } from '../../core/random.js';

export const perturbParams = z.object({
  image: z.string().default('image'),
  mask: z.string().default('mask'),
  /** Take image and mask files from an upstream site stage instead of cases.csv. */
  from: z.string().optional(),
  operation: z.enum(['none', 'dilate', 'erode']).default('dilate'),
  /** Ball radius; default one voxel (the smallest spacing). */
  radiusMm: z.number().positive().optional(),
  /** Standard deviation of added Gaussian noise, as a fraction of the intensity sd inside the mask. @default 0 */
  noise: z.number().nonnegative().default(0),
});
export type PerturbParams = z.infer<typeof perturbParams>;

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'reliability.perturb': z.input<typeof perturbParams> }
}

/** Deterministic normals from a string seed (sha256 → mulberry32, Box–Muller cosine branch). */
function normals(seed: string): () => number {
  const prng = new Prng(createHash('sha256').update(seed).digest().readUInt32LE(0));
  return () => Math.sqrt(-2 * Math.log(prng.next() + 1e-300)) * Math.cos(2 * Math.PI * prng.next());
}

export async function perturbCase(ctx: CaseContext, p: PerturbParams): Promise<CaseResult> {
  const where = { site: ctx.site, caseId: ctx.case.caseId };
  const files = p.from ? ctx.input(p.from).files : { image: ctx.case.files[p.image], mask: ctx.case.files[p.mask] };
  if (!files.image || !files.mask) throw new InvalidInputError('perturbation needs an image and a mask', where, `Check the ${p.image} and ${p.mask} columns`);
  const image = await readImage(files.image, { where });
  const mask = await readImage(files.mask, { where });
  const radius = p.radiusMm ?? Math.min(...mask.spacing);
  const perturbed = p.operation === 'dilate' ? dilateMm(mask, radius) : p.operation === 'erode' ? erodeMm(mask, radius) : { ...mask, data: Uint8Array.from(mask.data as ArrayLike<number>, (v) => (v ? 1 : 0)) };
  const voxels = countForeground(perturbed);
  if (voxels === 0) throw new EmptyRegionError(`the ${p.operation}d mask is empty`, where, 'Use a smaller radiusMm, or dilate instead');
  const data = Float32Array.from(image.data as ArrayLike<number>);
  if (p.noise > 0) {
    let n = 0;
    let mean = 0;
    let m2 = 0;
    for (let i = 0; i < data.length; i++) {
      if (!mask.data[i]) continue;
      n++;
      const d = data[i] - mean;
      mean += d / n;
      m2 += d * (data[i] - mean);
    }
    const sd = Math.sqrt(m2 / Math.max(n - 1, 1)) * p.noise;
    const next = normals(`${ctx.stage}/${ctx.case.caseId}`);
    for (let i = 0; i < data.length; i++) data[i] += sd * next();
  }
  const out = { image: ctx.outputFile('image', '.nii.gz'), mask: ctx.outputFile('mask', '.nii.gz') };
  await writeNifti(out.image, { ...image, data });
  await writeNifti(out.mask, perturbed);
  return { row: { perturb_operation: p.operation, perturb_radius_mm: p.operation === 'none' ? 0 : radius, perturb_mask_voxels: voxels, perturb_noise: p.noise }, files: out };
}

export default definePlugin({
  id: 'reliability.perturb',
  version: '1.0.0',
  kind: 'site',
  description: 'Perturbed copies of each case (mask dilation/erosion, image noise) for ICC reliability of features',
  params: perturbParams,
  processCase: perturbCase,
});
