/**
 * Content hashes of voxel buffers, as PyRadiomics reports them in its diagnostics
 * (`diagnostics_Image-original_Hash` = SimpleITK `sitk.Hash`: SHA-1 of the raw pixel buffer).
 */
import { createHash } from 'node:crypto';
import type { Image3D, VoxelArray } from './image.js';

/** SHA-1 (hex) of the voxel buffer bytes, little-endian, x fastest. */
export function voxelSha1(data: VoxelArray): string {
  return createHash('sha1').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

/** PyRadiomics' image hash: SHA-1 of the buffer in the image's own pixel type. */
export function pyradiomicsImageHash(image: Image3D): string {
  return voxelSha1(image.data);
}

/** PyRadiomics' mask hash: its tests read masks as sitkUInt32, so the buffer is hashed as uint32. */
export function pyradiomicsMaskHash(mask: Image3D): string {
  if (mask.data instanceof Uint32Array) return voxelSha1(mask.data);
  // Converted a slab at a time: a whole uint32 copy of a large mask costs more (allocation, page faults) than hashing it.
  const hash = createHash('sha1');
  const slab = new Uint32Array(Math.min(mask.data.length, 1 << 16));
  for (let start = 0; start < mask.data.length; start += slab.length) {
    const part = mask.data.subarray(start, start + slab.length);
    slab.set(part);
    hash.update(new Uint8Array(slab.buffer, 0, part.length * 4));
  }
  return hash.digest('hex');
}
