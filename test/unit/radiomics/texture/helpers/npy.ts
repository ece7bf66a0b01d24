/**
 * Minimal NumPy .npy reader (format 1.0/2.0, little-endian float64, C or Fortran order), returning the array in
 * C order with its shape.
 */
import { readFileSync } from 'node:fs';

export interface NpyArray {
  shape: number[];
  /** Values in C (row-major) order. */
  data: Float64Array;
}

export function readNpy(path: string): NpyArray {
  const buf = readFileSync(path);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + headerLen).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  if (descr !== '<f8') throw new Error(`${path}: dtype ${descr} is not supported (float64 only)`);
  const fortran = /'fortran_order':\s*True/.test(header);
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const body = buf.subarray(start + headerLen);
  const raw = new Float64Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  if (!fortran || shape.length < 2) return { shape, data: raw };
  // Fortran order: first index fastest. Re-lay out to C order.
  const n = raw.length;
  const data = new Float64Array(n);
  const idx = new Array(shape.length).fill(0);
  for (let f = 0; f < n; f++) {
    let c = 0;
    for (let d = 0; d < shape.length; d++) c = c * shape[d] + idx[d];
    data[c] = raw[f];
    for (let d = 0; d < shape.length; d++) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return { shape, data };
}
