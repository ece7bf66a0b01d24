/**
 * The in-memory image model shared by IO, preprocessing, radiomics and segmentation.
 * Voxels are stored x-fastest (index = x + y*sx + z*sx*sy), as NIfTI, NRRD and ITK store them.
 */
export type Vec3 = [number, number, number];

/** Every voxel array an Image3D may hold. */
export type VoxelArray = Float32Array | Float64Array | Int16Array | Uint8Array | Int32Array | Uint16Array | Int8Array | Uint32Array;

export interface Image3D<T extends ArrayLike<number> = VoxelArray> {
  /** Size in voxels, [x, y, z]; a 2D image has z = 1. */
  size: Vec3;
  /** Voxel spacing in mm, [x, y, z]. */
  spacing: Vec3;
  /** World position (LPS, mm) of the first voxel's centre. */
  origin: Vec3;
  /** Direction cosines, row-major 3×3 (ITK convention: column j is the direction of axis j). */
  direction: number[];
  data: T;
}

export const identityDirection = (): number[] => [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function voxelCount(size: Vec3): number {
  return size[0] * size[1] * size[2];
}
