import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../core/errors.js';
import type { Image3D, Vec3 } from '../../../core/image/image.js';
import { readImage, writeNifti } from '../../../core/image/io.js';
import { decodeNifti, encodeNifti } from '../../../core/image/nifti.js';

/** A rotation that is not symmetric, so a transposed direction matrix would be caught. */
function obliqueDirection(): number[] {
  const [cz, sz, cx, sx] = [Math.cos(0.5), Math.sin(0.5), Math.cos(0.3), Math.sin(0.3)];
  const rz = [[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]];
  const rx = [[1, 0, 0], [0, cx, -sx], [0, sx, cx]];
  const out: number[] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out.push(rz[i][0] * rx[0][j] + rz[i][1] * rx[1][j] + rz[i][2] * rx[2][j]);
  return out;
}

function sampleImage<T extends Image3D['data']>(data: T, direction = obliqueDirection()): Image3D<T> {
  return { size: [4, 5, 6] as Vec3, spacing: [0.8, 0.8, 2] as Vec3, origin: [10.25, -20.5, 30] as Vec3, direction, data };
}

const ramp = (n: number) => Array.from({ length: n }, (_, i) => (i * 37) % 251 - 100);

describe('NIfTI encode/decode', () => {
  const typed = [
    new Int16Array(ramp(120)),
    new Uint8Array(ramp(120).map((x) => x + 100)),
    new Int8Array(ramp(120).map((x) => x % 100)),
    new Uint16Array(ramp(120).map((x) => x + 30000)),
    new Int32Array(ramp(120).map((x) => x * 100000)),
    new Uint32Array(ramp(120).map((x) => (x + 100) * 10000000)),
    new Float32Array(ramp(120).map((x) => x / 7)),
    new Float64Array(ramp(120).map((x) => x / 7)),
  ];
  for (const data of typed) {
    it(`round-trips ${data.constructor.name} voxels exactly and keeps the type`, () => {
      const back = decodeNifti(encodeNifti(sampleImage(data)));
      expect(back.data).toBeInstanceOf(data.constructor);
      expect(back.data).toEqual(data);
      expect(back.size).toEqual([4, 5, 6]);
    });
  }

  it('keeps an oblique LPS geometry through NIfTI-1 to float32 precision', () => {
    const image = sampleImage(new Int16Array(120));
    const back = decodeNifti(encodeNifti(image));
    for (let i = 0; i < 3; i++) {
      expect(back.spacing[i]).toBeCloseTo(image.spacing[i], 6);
      expect(back.origin[i]).toBeCloseTo(image.origin[i], 5);
    }
    for (let i = 0; i < 9; i++) expect(back.direction[i]).toBeCloseTo(image.direction[i], 6);
  });

  it('keeps geometry bit-exactly through NIfTI-2', () => {
    const image = sampleImage(new Int16Array(120), [1, 0, 0, 0, 0, -1, 0, -1, 0]);
    const back = decodeNifti(encodeNifti(image, { version: 2 }));
    expect(back.spacing).toEqual(image.spacing);
    expect(back.origin).toEqual(image.origin);
    expect(back.direction).toEqual(image.direction);
  });

  it('reads a mirrored (left-handed) direction through the qform when no sform is set', () => {
    const image = sampleImage(new Int16Array(120), [-1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const bytes = encodeNifti(image);
    new DataView(bytes.buffer).setInt16(254, 0, true); // sform_code = 0
    const back = decodeNifti(bytes);
    expect(back.direction.map((x) => Math.round(x * 1e6) / 1e6)).toEqual([-1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(back.origin[0]).toBeCloseTo(10.25, 5);
  });

  it('writes the RAS affine in srow: LPS x and y change sign', () => {
    const image = sampleImage(new Int16Array(120), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const v = new DataView(encodeNifti(image).buffer);
    expect(v.getFloat32(280, true)).toBeCloseTo(-0.8, 6); // srow_x[0]
    expect(v.getFloat32(292, true)).toBeCloseTo(-10.25, 6); // srow_x[3]
    expect(v.getFloat32(308, true)).toBeCloseTo(20.5, 6); // srow_y[3]
    expect(v.getFloat32(324, true)).toBeCloseTo(30, 6); // srow_z[3]
  });

  it('applies scl_slope and scl_inter and returns float voxels', () => {
    const bytes = encodeNifti(sampleImage(new Int16Array([0, 1, 2, ...new Array(117).fill(0)])));
    const v = new DataView(bytes.buffer);
    v.setFloat32(112, 2, true);
    v.setFloat32(116, -1024, true);
    const back = decodeNifti(bytes);
    expect(back.data).toBeInstanceOf(Float32Array);
    expect(Array.from(back.data.slice(0, 3))).toEqual([-1024, -1022, -1020]);
  });

  it('decodes a big-endian file', () => {
    const le = encodeNifti(sampleImage(new Int16Array(ramp(120))));
    const be = new Uint8Array(le);
    const v = new DataView(be.buffer);
    const lv = new DataView(le.buffer);
    // Swap every header field we read, then the voxels.
    v.setInt32(0, 348, false);
    for (let i = 0; i < 8; i++) v.setInt16(40 + 2 * i, lv.getInt16(40 + 2 * i, true), false);
    for (const o of [70, 72, 252, 254]) v.setInt16(o, lv.getInt16(o, true), false);
    for (let o = 76; o < 120; o += 4) v.setFloat32(o, lv.getFloat32(o, true), false);
    for (let o = 256; o < 328; o += 4) v.setFloat32(o, lv.getFloat32(o, true), false);
    for (let i = 0; i < 120; i++) v.setInt16(352 + 2 * i, lv.getInt16(352 + 2 * i, true), false);
    expect(decodeNifti(be).data).toEqual(new Int16Array(ramp(120)));
  });

  it('refuses a 4D series and says how to split it', () => {
    const bytes = encodeNifti(sampleImage(new Int16Array(120)));
    const v = new DataView(bytes.buffer);
    v.setInt16(40, 4, true);
    v.setInt16(48, 2, true);
    expect(() => decodeNifti(bytes, 'bold.nii')).toThrow(/only 3D volumes.*Split the series/);
  });

  it('refuses a truncated file with InvalidInputError naming it', () => {
    const bytes = encodeNifti(sampleImage(new Int16Array(120))).subarray(0, 400);
    expect(() => decodeNifti(bytes, 'cut.nii')).toThrow(InvalidInputError);
    expect(() => decodeNifti(bytes, 'cut.nii')).toThrow(/file cut\.nii: NIfTI file is truncated/);
  });
});

describe('NIfTI files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cohortflow-nifti-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gzips when the name ends in .nii.gz and reads it back exactly', async () => {
    const image = sampleImage(new Float32Array(ramp(120).map((x) => x / 3)));
    const path = join(dir, 'a.nii.gz');
    await writeNifti(path, image);
    const raw = await readFile(path);
    expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(raw).length).toBe(352 + 120 * 4);
    expect((await readImage(path)).data).toEqual(image.data);
  });

  it('writes plain .nii uncompressed', async () => {
    const path = join(dir, 'b.nii');
    await writeNifti(path, sampleImage(new Uint8Array(120)));
    expect((await readFile(path)).length).toBe(352 + 120);
  });

  it('reports garbage bytes as InvalidInputError naming the site, case and file', async () => {
    const path = join(dir, 'garbage.nii.gz');
    await writeFile(path, Buffer.from('this is not an image at all, just text padding '.repeat(10)));
    const read = readImage(path, { where: { site: 'north', caseId: 'n-001' } });
    await expect(read).rejects.toThrow(InvalidInputError);
    await expect(readImage(path, { where: { site: 'north', caseId: 'n-001' } })).rejects.toThrow(/^site north, case n-001, file .*garbage\.nii\.gz: not a NIfTI file/);
  });

  it('reports a missing file and an unknown extension with how to fix them', async () => {
    await expect(readImage(join(dir, 'nope.nii.gz'))).rejects.toThrow(/does not exist\. Check the path in cases\.csv/);
    await writeFile(join(dir, 'x.docx'), 'x');
    await expect(readImage(join(dir, 'x.docx'))).rejects.toThrow(/unsupported image format/);
  });

  it('refuses to write a NIfTI under another extension', async () => {
    await expect(writeNifti(join(dir, 'c.nrrd'), sampleImage(new Uint8Array(120)))).rejects.toThrow(/must end in \.nii/);
  });
});
