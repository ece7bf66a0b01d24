/**
 * IBSI 1 CT phantom, configuration A (manual chapter 5): no interpolation, intensities rounded to integers,
 * re-segmentation to [−500, 400] HU, fixed bin size 25 HU from −500, 2D/2.5D texture. The morphological mask is the
 * GTV before re-segmentation (GLDZM distances are measured to its border). Read through core/image/io.ts.
 * The CT phantom is CC BY-NC 3.0 (non-commercial use only; see refdata/ibsi/README.md).
 */
import { readImage } from '../../../../../core/image/io.js';
import type { DiscretisedRegion } from '../../../../../plugins/radiomics/texture/types.js';

export async function readCtPhantomConfigA(imagePath: string, maskPath: string): Promise<DiscretisedRegion> {
  const image = await readImage(imagePath);
  const roi = await readImage(maskPath);
  const n = image.data.length;
  const levels = new Int32Array(n), mask = new Uint8Array(n), morphologicalMask = new Uint8Array(n);
  let top = 0;
  for (let i = 0; i < n; i++) {
    if (!roi.data[i]) continue;
    morphologicalMask[i] = 1;
    const hu = Math.round(image.data[i]);
    if (hu < -500 || hu > 400) continue;
    mask[i] = 1;
    levels[i] = Math.floor((hu + 500) / 25) + 1;
    if (levels[i] > top) top = levels[i];
  }
  return { levels, mask, morphologicalMask, size: image.size, nLevels: top, spacing: image.spacing };
}
