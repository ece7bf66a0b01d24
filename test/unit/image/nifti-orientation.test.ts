import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageNode } from '@itk-wasm/image-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Image3D } from '../../../core/image/image.js';
import { fromItkImage } from '../../../core/image/itk-convert.js';
import { decodeNifti, encodeNifti } from '../../../core/image/nifti.js';

/** Header edits: which transform codes are set and whether the sform says something else. */
interface Variant {
  name: string;
  qformCode: number;
  sformCode: number;
  /** Added to srow_x[3] (mm), making the sform disagree with the qform. */
  sformShift: number;
}

const variants: Variant[] = [
  { name: 'neither qform nor sform set', qformCode: 0, sformCode: 0, sformShift: 0 },
  { name: 'only the qform set', qformCode: 1, sformCode: 0, sformShift: 0 },
  { name: 'only the sform set (aligned, code 2)', qformCode: 0, sformCode: 2, sformShift: 0 },
  { name: 'sform code 2 disagreeing with the qform', qformCode: 1, sformCode: 2, sformShift: 5 },
  { name: 'sform code 1 (scanner) disagreeing with the qform', qformCode: 1, sformCode: 1, sformShift: 5 },
];

function sample(): Image3D {
  const c = Math.cos(0.35);
  const s = Math.sin(0.35);
  return { size: [5, 4, 3], spacing: [0.9, 1.1, 2.5], origin: [12, -7, 30], direction: [c, 0, s, 0, -1, 0, s, 0, -c], data: new Int16Array(60).map((_, i) => i) };
}

describe('NIfTI orientation choice agrees with ITK', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cohortflow-orient-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const v of variants) {
    it(`reads origin, direction and spacing as ITK does with ${v.name}`, async () => {
      const bytes = encodeNifti(sample());
      const view = new DataView(bytes.buffer);
      view.setInt16(252, v.qformCode, true);
      view.setInt16(254, v.sformCode, true);
      view.setFloat32(292, view.getFloat32(292, true) + v.sformShift, true);
      const path = join(dir, `${v.qformCode}-${v.sformCode}-${v.sformShift}.nii`);
      await writeFile(path, bytes);
      const ours = decodeNifti(bytes, path);
      const itk = fromItkImage(await readImageNode(path), path);
      for (let i = 0; i < 3; i++) {
        expect(ours.origin[i]).toBeCloseTo(itk.origin[i], 4);
        expect(ours.spacing[i]).toBeCloseTo(itk.spacing[i], 5);
      }
      for (let i = 0; i < 9; i++) expect(ours.direction[i]).toBeCloseTo(itk.direction[i], 5);
    });
  }
});
