/** A 72³ block through the middle of the brainchop T1 (fast MeshNet runs) and a ball mask in it. */
import { cropImage } from '../../../core/image/geometry.js';
import type { Image3D, Vec3 } from '../../../core/image/image.js';
import { readImage } from '../../../core/image/io.js';
import { refdataPath } from '../../helpers/refdata.js';

export async function t1Block(): Promise<{ image: Image3D; mask: Image3D<Uint8Array> }> {
  const t1 = await readImage(refdataPath('images/brainchop/t1_crop.nii.gz'));
  const image = cropImage(t1, { lower: [92, 92, 92], upper: [163, 163, 163] });
  const size: Vec3 = image.size;
  const data = new Uint8Array(size[0] * size[1] * size[2]);
  for (let z = 0, i = 0; z < size[2]; z++) for (let y = 0; y < size[1]; y++) for (let x = 0; x < size[0]; x++, i++) data[i] = Math.hypot(x - 30, y - 40, z - 36) < 9 ? 1 : 0;
  return { image, mask: { ...image, spacing: [...image.spacing] as Vec3, origin: [...image.origin] as Vec3, direction: [...image.direction], data } };
}
