/**
 * `image.inventory`: reads every image and mask of a case with itk-wasm / the NIfTI reader, checks
 * that they share a grid, and records geometry and intensity range. The first stage of a study:
 * a bad file is quarantined here, before any expensive stage.
 */
import { z } from 'zod';
import { definePlugin } from '../../core/plugin.js';
import { readImage } from '../../core/image/io.js';
import { checkSameGeometry } from '../../core/image/geometry.js';
import { EmptyRegionError } from '../../core/errors.js';

export const inventoryParams = z.object({
  /** Largest relative geometry difference between image and mask. */
  geometryTolerance: z.number().positive().default(1e-3),
  /** Mask label that must be present (when the case has a mask). */
  label: z.number().int().positive().default(1),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'image.inventory': z.input<typeof inventoryParams> }
}

export default definePlugin({
  id: 'image.inventory',
  version: '1.0.0',
  kind: 'site',
  description: 'Reads each case\'s images and mask, checks their geometry, records size, spacing and intensity range',
  params: inventoryParams,
  async processCase(ctx, params) {
    const where = { site: ctx.site, caseId: ctx.case.caseId };
    const row: Record<string, number | string> = {};
    const imageColumns = Object.keys(ctx.case.files).filter((k) => k !== 'mask');
    for (const col of imageColumns) {
      const file = ctx.case.files[col];
      const img = await readImage(file, { where: { ...where, file } });
      let min = Infinity, max = -Infinity;
      for (let i = 0; i < img.data.length; i++) { const v = img.data[i]; if (v < min) min = v; if (v > max) max = v; }
      Object.assign(row, {
        [`${col}_size_x`]: img.size[0], [`${col}_size_y`]: img.size[1], [`${col}_size_z`]: img.size[2],
        [`${col}_spacing_x`]: img.spacing[0], [`${col}_spacing_y`]: img.spacing[1], [`${col}_spacing_z`]: img.spacing[2],
        [`${col}_min`]: min, [`${col}_max`]: max,
      });
      if (ctx.case.files.mask) {
        const maskFile = ctx.case.files.mask;
        const mask = await readImage(maskFile, { where: { ...where, file: maskFile } });
        checkSameGeometry(img, mask, { tolerance: params.geometryTolerance, where: { ...where, file: maskFile }, names: [col, 'mask'] });
        let n = 0;
        for (let i = 0; i < mask.data.length; i++) if (mask.data[i] === params.label) n++;
        if (n === 0) throw new EmptyRegionError(`the mask has no voxel with label ${params.label}`, { ...where, file: maskFile }, 'Check the label value (params.label) or the segmentation');
        row.mask_voxels = n;
        row.mask_volume_mm3 = n * mask.spacing[0] * mask.spacing[1] * mask.spacing[2];
      }
    }
    return { row };
  },
});
