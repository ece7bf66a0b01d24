/**
 * Conversions between itk-wasm's Image and our Image3D. itk-wasm stores direction row-major like us
 * (checked against a rotated NIfTI), so geometry copies across; 2D images gain a unit third axis.
 */
import type { Image as ItkImage } from 'itk-wasm';
import { InvalidInputError } from '../errors.js';
import type { Image3D, Vec3, VoxelArray } from './image.js';

const COMPONENT_TYPE_OF: Record<string, string> = {
  Uint8Array: 'uint8',
  Int8Array: 'int8',
  Uint16Array: 'uint16',
  Int16Array: 'int16',
  Uint32Array: 'uint32',
  Int32Array: 'int32',
  Float32Array: 'float32',
  Float64Array: 'float64',
};

export function fromItkImage(image: ItkImage, file: string): Image3D {
  const { dimension, components } = image.imageType;
  if (components !== 1) {
    throw new InvalidInputError(
      `image has ${components} components per voxel (${image.imageType.pixelType}); only scalar images are supported`,
      { file },
      'Convert it to a single-channel (greyscale) image first',
    );
  }
  if (dimension < 2 || dimension > 3) {
    throw new InvalidInputError(`image has ${dimension} dimensions; only 2D and 3D images are supported`, { file }, 'Export one 3D volume per case');
  }
  if (!image.data) throw new InvalidInputError('image has no pixel data', { file }, 'Check that the file is complete');
  const d = dimension;
  const size: Vec3 = [image.size[0], image.size[1], d === 3 ? image.size[2] : 1];
  const spacing: Vec3 = [image.spacing[0], image.spacing[1], d === 3 ? image.spacing[2] : 1];
  const origin: Vec3 = [image.origin[0], image.origin[1], d === 3 ? image.origin[2] : 0];
  const direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) direction[r * 3 + c] = Number(image.direction[r * d + c]) + 0;
  return { size, spacing, origin, direction, data: toVoxelArray(image.data) };
}

function toVoxelArray(data: NonNullable<ItkImage['data']>): VoxelArray {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data as ArrayLike<bigint>, (x) => Number(x));
  if (COMPONENT_TYPE_OF[data.constructor.name]) return data as VoxelArray;
  throw new TypeError(`unexpected itk-wasm pixel array ${data.constructor.name}`);
}

/** `dimension` 2 drops the third axis (for PNG/JPEG, which hold one slice). */
export function toItkImage(image: Image3D, dimension: 2 | 3 = 3): ItkImage {
  const d = dimension;
  const direction = new Float64Array(d * d);
  for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) direction[r * d + c] = image.direction[r * 3 + c];
  return {
    imageType: { dimension: d, componentType: COMPONENT_TYPE_OF[image.data.constructor.name], pixelType: 'Scalar', components: 1 },
    name: 'image',
    origin: image.origin.slice(0, d),
    spacing: image.spacing.slice(0, d),
    direction,
    size: image.size.slice(0, d),
    metadata: new Map(),
    data: image.data,
  } as unknown as ItkImage;
}
