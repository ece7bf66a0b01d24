import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzipSync } from 'node:zlib';
import { readImageNode } from '@itk-wasm/image-io';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../core/errors.js';
import type { Image3D } from '../../../core/image/image.js';
import { readImage } from '../../../core/image/io.js';
import { fromItkImage } from '../../../core/image/itk-convert.js';
import { decodeNrrd } from '../../../core/image/nrrd.js';
import { describeWithRefdata, refdataPath } from '../../helpers/refdata.js';

const inflate = promisify(gunzip);
const dir = mkdtempSync(join(tmpdir(), 'nrrd-'));

async function bothReaders(path: string): Promise<{ native: Image3D | null; itk: Image3D }> {
  const native = await decodeNrrd(readFileSync(path), (b) => inflate(b), path);
  return { native, itk: fromItkImage(await readImageNode(path), path) };
}

function expectSame(native: Image3D | null, itk: Image3D): void {
  expect(native).not.toBeNull();
  const n = native!;
  expect([n.size, n.spacing, n.origin, n.direction]).toEqual([itk.size, itk.spacing, itk.origin, itk.direction]);
  expect(n.data.constructor).toBe(itk.data.constructor);
  expect(Buffer.from(n.data.buffer, n.data.byteOffset, n.data.byteLength).equals(Buffer.from(itk.data.buffer, itk.data.byteOffset, itk.data.byteLength))).toBe(true);
}

function writeNrrd(name: string, header: string[], data: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([Buffer.from(`NRRD0004\n${header.join('\n')}\n\n`, 'latin1'), data]));
  return path;
}

describeWithRefdata('pyradiomics')('native NRRD reader on the PyRadiomics test images', () => {
  const files = readdirSync(refdataPath('pyradiomics')).filter((f) => f.endsWith('.nrrd'));
  for (const f of files) {
    it(`decodes ${f} exactly as itk-wasm does (geometry and every voxel)`, async () => {
      const { native, itk } = await bothReaders(refdataPath('pyradiomics', f));
      expectSame(native, itk);
    });
  }
});

describe('native NRRD reader', () => {
  const values = Float32Array.from({ length: 24 }, (_, i) => i * 1.5 - 7);
  const bytes = new Uint8Array(values.buffer);

  it('flips RAS geometry to LPS and reads raw and gzip data, as itk-wasm does', async () => {
    for (const [space, encoding] of [['right-anterior-superior', 'raw'], ['RAS', 'gzip'], ['left-posterior-superior', 'raw']]) {
      const path = writeNrrd(`oblique-${space}-${encoding}.nrrd`, [
        'type: float', 'dimension: 3', `space: ${space}`, 'sizes: 2 3 4',
        'space directions: (0.6,0.8,0) (-1.6,1.2,0) (0,0,2.5)', 'kinds: domain domain domain', 'endian: little',
        `encoding: ${encoding}`, 'space origin: (10,-20.5,30)',
      ], encoding === 'raw' ? bytes : gzipSync(bytes));
      const { native, itk } = await bothReaders(path);
      expectSame(native, itk);
      expect(native!.spacing).toEqual([1, 2, 2.5]);
    }
  });

  it('leaves ASCII, detached and LAS files to itk-wasm, which readImage then uses', async () => {
    const ascii = writeNrrd('ascii.nrrd', [
      'type: short', 'dimension: 3', 'space: left-posterior-superior', 'sizes: 2 1 1', 'space directions: (1,0,0) (0,1,0) (0,0,1)',
      'kinds: domain domain domain', 'encoding: ascii', 'space origin: (0,0,0)',
    ], Buffer.from('3 -4\n'));
    expect(await decodeNrrd(readFileSync(ascii), (b) => inflate(b), ascii)).toBeNull();
    expect([...(await readImage(ascii)).data]).toEqual([3, -4]);
    const detached = writeNrrd('detached.nrrd', ['type: short', 'dimension: 3', 'space: LPS', 'sizes: 2 1 1', 'data file: other.raw'], new Uint8Array());
    expect(await decodeNrrd(readFileSync(detached), (b) => inflate(b), detached)).toBeNull();
    const las = writeNrrd('las.nrrd', [
      'type: float', 'dimension: 3', 'space: left-anterior-superior', 'sizes: 2 3 4', 'space directions: (1,0,0) (0,1,0) (0,0,1)',
      'endian: little', 'encoding: raw', 'space origin: (1,2,3)',
    ], bytes);
    expect(await decodeNrrd(readFileSync(las), (b) => inflate(b), las)).toBeNull();
    expect((await readImage(las)).origin).toEqual(fromItkImage(await readImageNode(las), las).origin);
  });

  it('names the file and the byte counts when the data is shorter than the header says', async () => {
    const path = writeNrrd('short.nrrd', [
      'type: float', 'dimension: 3', 'space: LPS', 'sizes: 2 3 4', 'space directions: (1,0,0) (0,1,0) (0,0,1)',
      'endian: little', 'encoding: raw', 'space origin: (0,0,0)',
    ], bytes.subarray(0, 40));
    const error = await readImage(path, { where: { site: 'north', caseId: 'c1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String((error as Error).message)).toMatch(/40 bytes.*needs 96/);
    expect(String((error as Error).message)).toContain('short.nrrd');
  });
});
