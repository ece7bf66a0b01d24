/**
 * Native reader for the common NRRD case: one attached header, a 3D scalar volume, raw or gzip data, little endian,
 * LPS or RAS space. Decoding it here takes milliseconds where the itk-wasm round trip takes ~100 ms per file, and a
 * radiomics batch reads two files per case. Anything else (detached data, bzip2, ASCII, 2D/4D, vectors, big endian)
 * returns null and goes to itk-wasm. Geometry follows ITK's NrrdImageIO: spacing = |space direction|, direction
 * columns = the unit vectors, RAS flipped to LPS.
 */
import { InvalidInputError, type ErrorWhere } from '../errors.js';
import type { Image3D, Vec3, VoxelArray } from './image.js';

type ArrayType = new (buffer: ArrayBuffer) => VoxelArray;

/** teem's type names (nrrd format spec) → the typed array itk-wasm gives for them. */
const TYPES: Array<[string[], ArrayType, number]> = [
  [['signed char', 'int8', 'int8_t'], Int8Array, 1],
  [['uchar', 'unsigned char', 'uint8', 'uint8_t'], Uint8Array, 1],
  [['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t'], Int16Array, 2],
  [['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t'], Uint16Array, 2],
  [['int', 'signed int', 'int32', 'int32_t'], Int32Array, 4],
  [['uint', 'unsigned int', 'uint32', 'uint32_t'], Uint32Array, 4],
  [['float'], Float32Array, 4],
  [['double'], Float64Array, 8],
];

/** Sign flips that take a space's axes to LPS (ITK's world frame). Other spaces (ITK flips LAS's x, not its y) go to itk-wasm. */
const TO_LPS: Record<string, Vec3> = {
  'left-posterior-superior': [1, 1, 1], LPS: [1, 1, 1],
  'right-anterior-superior': [-1, -1, 1], RAS: [-1, -1, 1],
};

export interface NrrdHeader {
  fields: Map<string, string>;
  /** Byte offset of the data (after the blank line ending the header). */
  dataOffset: number;
}

/** The header's `field: value` lines, or null when the bytes are not an NRRD file. */
export function parseNrrdHeader(bytes: Uint8Array): NrrdHeader | null {
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'NRRD') return null;
  let end = -1;
  for (let i = 0; i + 1 < bytes.length && i < 1 << 16; i++) {
    if (bytes[i] === 10 && bytes[i + 1] === 10) { end = i; break; }
  }
  if (end < 0) return null;
  const fields = new Map<string, string>();
  for (const line of Buffer.from(bytes.subarray(0, end)).toString('latin1').split('\n').slice(1)) {
    if (line.startsWith('#')) continue;
    const k = line.indexOf(': '); // key/value pairs (`:=`) carry no geometry
    if (k > 0 && line[k - 1] !== ':') fields.set(line.slice(0, k).trim(), line.slice(k + 2).trim());
  }
  return { fields, dataOffset: end + 2 };
}

const vector = (s: string): number[] | null => {
  const m = /^\(([^)]*)\)$/.exec(s.trim());
  return m ? m[1].split(',').map(Number) : null;
};

/**
 * Decodes an NRRD file already in memory; `inflate` gunzips the data part. Returns null for variants this reader leaves
 * to itk-wasm; throws InvalidInputError for a file whose data does not match its header.
 */
export async function decodeNrrd(bytes: Uint8Array, inflate: (b: Uint8Array) => Promise<Uint8Array>, file: string, where: ErrorWhere = {}): Promise<Image3D | null> {
  const header = parseNrrdHeader(bytes);
  if (!header) return null;
  const f = header.fields;
  const type = TYPES.find(([names]) => names.includes(f.get('type') ?? ''));
  const flip = TO_LPS[f.get('space') ?? ''];
  const encoding = f.get('encoding');
  const sizes = (f.get('sizes') ?? '').split(/\s+/).map(Number);
  const directions = (f.get('space directions') ?? '').split(/\s+(?=\()/).map(vector);
  const origin = vector(f.get('space origin') ?? '');
  const plain = (key: string, ok: string[]) => !f.has(key) || ok.includes(f.get(key)!);
  if (
    !type || !flip || (encoding !== 'raw' && encoding !== 'gzip' && encoding !== 'gz') || f.get('dimension') !== '3'
    || sizes.length !== 3 || directions.length !== 3 || directions.some((d) => !d || d.length !== 3) || !origin || origin.length !== 3
    || f.has('data file') || f.has('datafile') || !plain('endian', ['little']) || !plain('byte skip', ['0']) || !plain('line skip', ['0'])
    || !plain('kinds', ['domain domain domain', 'space space space'])
  ) return null;
  const [, PixelArray, bytesPerVoxel] = type;
  const voxels = sizes[0] * sizes[1] * sizes[2];
  let data = bytes.subarray(header.dataOffset);
  const at = { ...where, file };
  if (encoding !== 'raw') {
    try {
      data = await inflate(data);
    } catch {
      throw new InvalidInputError('NRRD gzip data is corrupt', at, 'The file was damaged in transfer; copy it again from the source');
    }
  }
  if (data.length < voxels * bytesPerVoxel) {
    throw new InvalidInputError(`NRRD data holds ${data.length} bytes; its header (${sizes.join('×')} ${f.get('type')}) needs ${voxels * bytesPerVoxel}`, at, 'The file is truncated; export it again');
  }
  // Inflated data is a buffer of its own: view it in place. Raw data sits after the header in the file's bytes: copy it
  // (aligned for the typed array, and the file's bytes can be freed).
  const own = encoding !== 'raw' && data.byteOffset === 0 && data.byteLength === voxels * bytesPerVoxel && data.buffer.byteLength === data.byteLength;
  const pixels = new PixelArray(own ? data.buffer as ArrayBuffer : data.buffer.slice(data.byteOffset, data.byteOffset + voxels * bytesPerVoxel) as ArrayBuffer);
  const spacing = directions.map((d) => Math.sqrt(d![0] * d![0] + d![1] * d![1] + d![2] * d![2])) as Vec3;
  const direction = new Array<number>(9);
  for (let c = 0; c < 3; c++) for (let r = 0; r < 3; r++) direction[r * 3 + c] = (flip[r] * directions[c]![r]) / spacing[c] + 0;
  return {
    size: sizes as Vec3,
    spacing,
    origin: origin.map((v, r) => flip[r] * v + 0) as Vec3,
    direction,
    data: pixels,
  };
}
