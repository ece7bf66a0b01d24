/**
 * NIfTI datatype codes and the typed arrays that hold them.
 */
import type { VoxelArray } from './image.js';

export interface NiftiDatatype {
  code: number;
  bitpix: number;
  name: string;
  /** Bytes → voxel array (little-endian, aligned copy). */
  view: (buffer: ArrayBuffer) => VoxelArray;
}

const TYPES: NiftiDatatype[] = [
  { code: 2, bitpix: 8, name: 'uint8', view: (b) => new Uint8Array(b) },
  { code: 4, bitpix: 16, name: 'int16', view: (b) => new Int16Array(b) },
  { code: 8, bitpix: 32, name: 'int32', view: (b) => new Int32Array(b) },
  { code: 16, bitpix: 32, name: 'float32', view: (b) => new Float32Array(b) },
  { code: 64, bitpix: 64, name: 'float64', view: (b) => new Float64Array(b) },
  { code: 256, bitpix: 8, name: 'int8', view: (b) => new Int8Array(b) },
  { code: 512, bitpix: 16, name: 'uint16', view: (b) => new Uint16Array(b) },
  { code: 768, bitpix: 32, name: 'uint32', view: (b) => new Uint32Array(b) },
];

/** Codes we recognise but do not load, with a readable name for the error message. */
export const UNSUPPORTED_NIFTI_TYPES: Record<number, string> = {
  1: 'binary (1 bit)',
  32: 'complex64',
  128: 'RGB24',
  511: 'float128',
  1536: 'float128',
  1792: 'complex128',
  2048: 'complex256',
  2304: 'RGBA32',
};

/** 64-bit integers are read into Float64Array (exact up to 2^53). */
export const NIFTI_INT64 = 1024;
export const NIFTI_UINT64 = 1280;

export function niftiDatatypeByCode(code: number): NiftiDatatype | undefined {
  return TYPES.find((t) => t.code === code);
}

export function niftiDatatypeOf(data: VoxelArray): NiftiDatatype {
  const byName: Record<string, string> = {
    Uint8Array: 'uint8',
    Int16Array: 'int16',
    Int32Array: 'int32',
    Float32Array: 'float32',
    Float64Array: 'float64',
    Int8Array: 'int8',
    Uint16Array: 'uint16',
    Uint32Array: 'uint32',
  };
  const name = byName[data.constructor.name];
  const type = TYPES.find((t) => t.name === name);
  if (!type) throw new TypeError(`no NIfTI datatype for ${data.constructor.name}`);
  return type;
}
