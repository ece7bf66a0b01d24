/**
 * Parquet on disk through parquet-wasm (arrow-rs): Table → Arrow (makeVector over typed arrays,
 * which is fast; tableFromArrays costs seconds on wide tables) → IPC → Parquet, and back.
 * The files are plain Parquet that pyarrow, DuckDB and parquetjs read.
 */
import { readFileSync } from 'node:fs';
import { Table as ArrowTable, Utf8, makeVector, tableFromIPC, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import * as pq from 'parquet-wasm/node';
import { writeFileAtomic } from '../artifacts/atomic-write.js';
import { InvalidInputError } from '../errors.js';
import type { Column, Table } from './table.js';

export function toArrow(t: Table): ArrowTable {
  const vectors: Record<string, Vector> = {};
  for (const name of t.names) {
    const c = t.columns[name];
    vectors[name] = c instanceof Float64Array ? makeVector(c) : vectorFromArray(c, new Utf8());
  }
  return new ArrowTable(vectors);
}

export function fromArrow(a: ArrowTable): Table {
  const names = a.schema.fields.map((f) => f.name);
  const columns: Record<string, Column> = {};
  for (const name of names) {
    const v = a.getChild(name)!;
    const type = String(v.type);
    if (type === 'Utf8' || type === 'LargeUtf8' || type.startsWith('Dictionary')) {
      columns[name] = Array.from(v.toArray() as ArrayLike<string | null>, (s) => s ?? '');
    } else if (type === 'Float64' && v.nullCount === 0) {
      columns[name] = Float64Array.from(v.toArray() as Float64Array);
    } else {
      const out = new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const x = v.get(i);
        out[i] = x === null ? NaN : Number(x);
      }
      columns[name] = out;
    }
  }
  return { names, columns };
}

export function encodeParquet(t: Table): Uint8Array {
  const wasmTable = pq.Table.fromIPCStream(tableToIPC(toArrow(t), 'stream'));
  // Dictionary encoding and ZSTD cost seconds on wide float tables and gain little on them.
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.SNAPPY).setDictionaryEnabled(false).build();
  return pq.writeParquet(wasmTable, props);
}

export function decodeParquet(bytes: Uint8Array): Table {
  const wasmTable = pq.readParquet(bytes);
  return fromArrow(tableFromIPC(wasmTable.intoIPCStream()));
}

/** Writes atomically; returns the bytes written (for hashing into the manifest). */
export function writeParquet(t: Table, path: string): Uint8Array {
  const bytes = encodeParquet(t);
  writeFileAtomic(path, bytes);
  return bytes;
}

export function readParquet(path: string): Table {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InvalidInputError(`cannot read Parquet table: ${(e as Error).message}`, { file: path }, 'Check that the stage that writes it has completed');
  }
  try {
    return decodeParquet(bytes);
  } catch (e) {
    throw new InvalidInputError(`not a readable Parquet file: ${(e as Error).message}`, { file: path }, 'Delete it and rerun the stage with --no-cache');
  }
}
