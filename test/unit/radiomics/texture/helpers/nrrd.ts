/**
 * Minimal NRRD reader for the PyRadiomics test cases (attached header, gzip or raw, little-endian short/int/ushort).
 * Test-only: the pipeline reads images through core/image/io.ts.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface NrrdVolume {
  size: [number, number, number];
  data: Int16Array | Int32Array | Uint16Array | Uint8Array;
}

export function readNrrd(path: string): NrrdVolume {
  const buf = readFileSync(path);
  const end = buf.indexOf('\n\n');
  if (end < 0) throw new Error(`${path}: no NRRD header terminator`);
  const fields = new Map<string, string>();
  for (const line of buf.subarray(0, end).toString('latin1').split('\n')) {
    const m = /^([^:#]+):\s*(.*)$/.exec(line);
    if (m) fields.set(m[1].trim(), m[2].trim());
  }
  const sizes = (fields.get('sizes') ?? '').split(/\s+/).map(Number);
  if (sizes.length !== 3) throw new Error(`${path}: expected a 3D volume, got sizes "${fields.get('sizes')}"`);
  if ((fields.get('endian') ?? 'little') !== 'little') throw new Error(`${path}: big-endian data is not supported`);
  let raw = buf.subarray(end + 2);
  const encoding = fields.get('encoding');
  if (encoding === 'gzip' || encoding === 'gz') raw = gunzipSync(raw);
  else if (encoding !== 'raw') throw new Error(`${path}: encoding ${encoding} is not supported`);
  const bytes = new Uint8Array(raw.byteLength);
  bytes.set(raw);
  const type = fields.get('type');
  const data =
    type === 'short' || type === 'int16' ? new Int16Array(bytes.buffer)
      : type === 'int' || type === 'int32' ? new Int32Array(bytes.buffer)
        : type === 'ushort' || type === 'uint16' ? new Uint16Array(bytes.buffer)
          : type === 'uchar' || type === 'uint8' ? bytes
            : undefined;
  if (!data) throw new Error(`${path}: voxel type ${type} is not supported`);
  return { size: [sizes[0], sizes[1], sizes[2]], data };
}
