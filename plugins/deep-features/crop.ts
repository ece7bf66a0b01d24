/**
 * The network input around a mask: its bounding box plus a margin (models with free spatial dims),
 * or a fixed-size box centred on it (encoders with a static input), filled with `fill` outside the
 * image. Returns the crop of the image and of the region on the same grid.
 */
import type { Vec3 } from '../../core/image/image.js';
import type { BoundingBox } from '../../core/image/geometry.js';

export interface Crop {
  size: Vec3;
  image: Float32Array;
  region: Uint8Array;
  /** Index in the source of the crop's first voxel (may be negative for fixed crops). */
  start: Vec3;
}

export function cropAround(image: Float32Array, region: Uint8Array, size: Vec3, box: BoundingBox, shape: { margin: number } | { fixed: Vec3 }, fill = 0): Crop {
  let start: Vec3;
  let cropSize: Vec3;
  if ('fixed' in shape) {
    cropSize = shape.fixed;
    // Centre of the box, rounded down, as the crop's centre voxel.
    start = [0, 1, 2].map((a) => Math.floor((box.lower[a] + box.upper[a]) / 2) - Math.floor(cropSize[a] / 2)) as Vec3;
  } else {
    start = [0, 1, 2].map((a) => Math.max(0, box.lower[a] - shape.margin)) as Vec3;
    cropSize = [0, 1, 2].map((a) => Math.min(size[a] - 1, box.upper[a] + shape.margin) - start[a] + 1) as Vec3;
  }
  const n = cropSize[0] * cropSize[1] * cropSize[2];
  const img = new Float32Array(n).fill(fill);
  const reg = new Uint8Array(n);
  let i = 0;
  for (let z = 0; z < cropSize[2]; z++) {
    const sz = start[2] + z;
    for (let y = 0; y < cropSize[1]; y++) {
      const sy = start[1] + y;
      for (let x = 0; x < cropSize[0]; x++, i++) {
        const sx = start[0] + x;
        if (sx < 0 || sy < 0 || sz < 0 || sx >= size[0] || sy >= size[1] || sz >= size[2]) continue;
        const o = sx + sy * size[0] + sz * size[0] * size[1];
        img[i] = image[o];
        reg[i] = region[o];
      }
    }
  }
  return { size: cropSize, image: img, region: reg, start };
}
