import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageNode } from '@itk-wasm/image-io';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pyradiomicsImageHash, pyradiomicsMaskHash } from '../../core/image/hash.js';
import type { Image3D } from '../../core/image/image.js';
import { readImage, writeImage } from '../../core/image/io.js';
import { fromItkImage } from '../../core/image/itk-convert.js';
import { connectedComponents } from '../../core/image/mask.js';
import { ibsiGrid, pyradiomicsResample, resampleMask, resampleToSpacing, type Interpolator } from '../../core/image/resample.js';
import type { Vec3 } from '../../core/image/image.js';
import { maskBoundingBox } from '../../core/image/geometry.js';
import { describeWithRefdata, refdataPath } from '../helpers/refdata.js';

/** The value of one diagnostics row for one baseline column. */
function baselineDiagnostic(row: string, column: string): string {
  const lines = readFileSync(refdataPath('pyradiomics/baseline/baseline_firstorder.csv'), 'utf8').split('\n');
  const header = lines[0].split(',');
  const line = lines.find((l) => l.startsWith(row + ','));
  if (!line) throw new Error(`row ${row} missing`);
  return splitCsvLine(line)[header.indexOf(column)];
}

function splitCsvLine(line: string): string[] {
  return [...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].map((m) => m[2] ?? m[1]).slice(0, -1);
}

function minOf(image: Image3D): number {
  let min = Infinity;
  for (let i = 0; i < image.data.length; i++) min = Math.min(min, image.data[i]);
  return min;
}

function maxOf(image: Image3D): number {
  let max = -Infinity;
  for (let i = 0; i < image.data.length; i++) max = Math.max(max, image.data[i]);
  return max;
}

function labelCounts(image: Image3D): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of image.data) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

describeWithRefdata('pyradiomics')('PyRadiomics NRRD cases', () => {
  for (const testCase of ['brain1', 'breast1']) {
    it(`decodes ${testCase} image and mask bit-exactly (SHA-1 equals the baseline diagnostics)`, async () => {
      const image = await readImage(refdataPath(`pyradiomics/${testCase}_image.nrrd`));
      const mask = await readImage(refdataPath(`pyradiomics/${testCase}_label.nrrd`));
      expect(pyradiomicsImageHash(image)).toBe(baselineDiagnostic('diagnostics_Image-original_Hash', testCase));
      expect(pyradiomicsMaskHash(mask)).toBe(baselineDiagnostic('diagnostics_Mask-original_Hash', testCase));
      const spacing = baselineDiagnostic('diagnostics_Image-original_Spacing', testCase).replace(/[()]/g, '').split(', ').map(Number);
      expect(image.spacing).toEqual(spacing);
    });
  }

  it('reads brain1 with the size, spacing, label volume and two lesion components the README states', async () => {
    const image = await readImage(refdataPath('pyradiomics/brain1_image.nrrd'));
    const mask = await readImage(refdataPath('pyradiomics/brain1_label.nrrd'));
    expect(image.size).toEqual([256, 256, 25]);
    expect(image.spacing[0]).toBeCloseTo(0.78125, 12);
    expect(image.spacing[2]).toBeCloseTo(6.5, 12);
    expect(image.data).toBeInstanceOf(Int16Array);
    expect(labelCounts(mask).get(1)).toBe(4137);
    expect(connectedComponents(mask, 26).sizes.length).toBe(2);
  });
});

/** Diagnostics rows of the `<case>_resampling` baseline column (shape CSV holds the interpolated ones). */
function resampledDiagnostics(testCase: string): Record<string, string> {
  const lines = readFileSync(refdataPath('pyradiomics/baseline/baseline_shape.csv'), 'utf8').split('\n');
  const column = splitCsvLine(lines[0]).indexOf(`${testCase}_resampling`);
  const out: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const cells = splitCsvLine(line);
    if (cells[0]?.includes('-interpolated_')) out[cells[0].replace('diagnostics_', '')] = cells[column];
  }
  return out;
}

const tuple = (s: string) => s.replace(/[()]/g, '').split(', ').map(Number);

describeWithRefdata('pyradiomics')('PyRadiomics resampling (B-spline to 2 mm)', () => {
  for (const testCase of ['brain1', 'breast1']) {
    it(`reproduces ${testCase}'s interpolated image and mask diagnostics exactly`, async () => {
      const expected = resampledDiagnostics(testCase);
      const image = await readImage(refdataPath(`pyradiomics/${testCase}_image.nrrd`));
      const mask = await readImage(refdataPath(`pyradiomics/${testCase}_label.nrrd`));
      const out = pyradiomicsResample(image, mask, { spacing: [2, 2, 2] });
      expect(out.image.size).toEqual(tuple(expected['Image-interpolated_Size']));
      expect(out.image.spacing).toEqual(tuple(expected['Image-interpolated_Spacing']));
      let sum = 0;
      for (let i = 0; i < out.image.data.length; i++) sum += out.image.data[i];
      expect(sum / out.image.data.length).toBe(Number(expected['Image-interpolated_Mean']));
      expect(minOf(out.image)).toBe(Number(expected['Image-interpolated_Minimum']));
      expect(maxOf(out.image)).toBe(Number(expected['Image-interpolated_Maximum']));
      const inside: number[] = [];
      for (let i = 0; i < out.mask.data.length; i++) if (out.mask.data[i] === 1) inside.push(out.image.data[i]);
      expect(inside.length).toBe(Number(expected['Mask-interpolated_VoxelNum']));
      expect(Math.min(...inside)).toBe(Number(expected['Mask-interpolated_Minimum']));
      expect(Math.max(...inside)).toBe(Number(expected['Mask-interpolated_Maximum']));
      expect(inside.reduce((a, b) => a + b, 0) / inside.length).toBeCloseTo(Number(expected['Mask-interpolated_Mean']), 9);
      const box = maskBoundingBox(out.mask, 1)!;
      const bb = tuple(expected['Mask-interpolated_BoundingBox']);
      expect([...box.lower, ...box.upper.map((u, i) => u - box.lower[i] + 1)]).toEqual(bb);
    });
  }
});

/** MIRP's IBSI 1 reference CSV for one CT-phantom configuration: tag → [value, tolerance]. */
function ibsiDiagnostics(config: string): Map<string, [number, number]> {
  const text = readFileSync(refdataPath(`ibsi/reference_values/mirp/ibsi_1_chest_config_${config}.csv`), 'utf8');
  const out = new Map<string, [number, number]>();
  for (const line of text.trim().split('\n').slice(1)) {
    const [value, tolerance, tag] = line.split(';');
    out.set(tag.trim(), [Number(value), Number(tolerance)]);
  }
  return out;
}

describeWithRefdata('ibsi')('IBSI 1 CT phantom interpolation diagnostics', () => {
  let image: Image3D;
  let mask: Image3D;
  beforeAll(async () => {
    image = await readImage(refdataPath('ibsi/ct_phantom/phantom.nii.gz'));
    mask = await readImage(refdataPath('ibsi/ct_phantom/mask.nii.gz'));
  });

  const configs: Array<[string, Vec3, Interpolator, string]> = [
    ['b', [2, 2, 3], 'linear', '2×2 mm in-plane, bilinear'],
    ['c', [2, 2, 2], 'linear', '2 mm, trilinear'],
    ['e', [2, 2, 2], 'bspline', '2 mm, tricubic spline'],
  ];
  for (const [config, spacing, interpolator, label] of configs) {
    it(`matches config ${config.toUpperCase()} (${label}): grid size, image and ROI intensities, ROI voxel count and box`, () => {
      const ref = ibsiDiagnostics(config);
      const within = (tag: string, value: number) => {
        const [expected, tolerance] = ref.get(tag)!;
        expect(Math.abs(value - expected), `${tag}: ${value} vs ${expected} ± ${tolerance}`).toBeLessThanOrEqual(tolerance + 1e-9);
      };
      const resampled = resampleToSpacing(image, spacing, { interpolator, outputType: 'float64' });
      // IBSI rounds interpolated CT intensities to the nearest integer.
      for (let i = 0; i < resampled.data.length; i++) resampled.data[i] = Math.round(resampled.data[i]);
      const roi = resampleMask(mask, ibsiGrid(image, spacing), { interpolator: 'linear', threshold: 0.5 });
      ['x', 'y', 'z'].forEach((axis, i) => {
        within(`img_dim_${axis}_interp_img`, resampled.size[i]);
        within(`vox_dim_${axis}_interp_img`, resampled.spacing[i]);
      });
      let sum = 0;
      for (let i = 0; i < resampled.data.length; i++) sum += resampled.data[i];
      within('mean_int_interp_img', sum / resampled.data.length);
      within('min_int_interp_img', minOf(resampled));
      within('max_int_interp_img', maxOf(resampled));
      const inside: number[] = [];
      for (let i = 0; i < roi.data.length; i++) if (roi.data[i] === 1) inside.push(resampled.data[i]);
      within('int_mask_vox_count_interp_roi', inside.length);
      within('int_mask_mean_int_interp_roi', inside.reduce((a, b) => a + b, 0) / inside.length);
      within('int_mask_min_int_interp_roi', Math.min(...inside));
      within('int_mask_max_int_interp_roi', Math.max(...inside));
      const box = maskBoundingBox(roi, 1)!;
      ['x', 'y', 'z'].forEach((axis, i) => within(`int_mask_bb_dim_${axis}_interp_roi`, box.upper[i] - box.lower[i] + 1));
    });
  }
});

describeWithRefdata('images')('refdata images through the native NIfTI reader', () => {
  it('reads the TotalSegmentator CT and its mask with the per-label voxel counts the README lists', async () => {
    const ct = await readImage(refdataPath('images/totalsegmentator/example_ct_sm.nii.gz'));
    const seg = await readImage(refdataPath('images/totalsegmentator/example_seg.nii.gz'));
    expect(ct.size).toEqual([122, 101, 30]);
    expect(ct.spacing).toEqual([3, 3, 3]);
    expect(ct.data).toBeInstanceOf(Int16Array);
    expect(minOf(ct)).toBe(-1100);
    expect(maxOf(ct)).toBe(1207);
    // RAS file: the first two LPS axes point the other way.
    expect(ct.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    const counts = labelCounts(seg);
    expect(counts.get(0)).toBe(259435);
    expect(counts.get(5)).toBe(38634);
    expect(counts.get(1)).toBe(9452);
    expect(counts.get(13)).toBe(1);
    expect(counts.get(117)).toBe(2100);
    expect(counts.size).toBe(42);
  });

  it('reads the big-endian MONAI volume and its 330-voxel mask', async () => {
    const image = await readImage(refdataPath('images/monai/anatomical.nii'));
    const mask = await readImage(refdataPath('images/monai/anatomical_label.nii.gz'));
    expect(image.size).toEqual([33, 41, 25]);
    expect(image.spacing).toEqual([2, 2, 2]);
    expect(labelCounts(mask).get(1)).toBe(330);
  });

  it('reads the brainchop T1 (LIA, sform code 2) as 256³ uint8 at 1 mm', async () => {
    const t1 = await readImage(refdataPath('images/brainchop/t1_crop.nii.gz'));
    expect(t1.size).toEqual([256, 256, 256]);
    expect(t1.spacing).toEqual([1, 1, 1]);
    expect(t1.data).toBeInstanceOf(Uint8Array);
    // LIA: i → left (+x LPS), j → inferior (−z), k → anterior (−y).
    expect(t1.direction).toEqual([1, 0, 0, 0, 0, -1, 0, -1, 0]);
  });

  for (const file of ['totalsegmentator/example_ct_sm.nii.gz', 'totalsegmentator/example_mr_sm.nii.gz', 'monai/anatomical.nii', 'totalsegmentator/example_seg_dicom.nii.gz']) {
    it(`agrees with ITK's NIfTI reader on ${file} (voxels, origin, direction, spacing)`, async () => {
      const ours = await readImage(refdataPath('images', file));
      const itk = fromItkImage(await readImageNode(refdataPath('images', file)), file);
      expect(ours.size).toEqual(itk.size);
      expect(ours.data.constructor).toBe(itk.data.constructor);
      let mismatches = 0;
      for (let i = 0; i < ours.data.length; i++) if (ours.data[i] !== itk.data[i]) mismatches++;
      expect(mismatches).toBe(0);
      for (let i = 0; i < 3; i++) {
        expect(ours.spacing[i]).toBeCloseTo(itk.spacing[i], 5);
        expect(ours.origin[i]).toBeCloseTo(itk.origin[i], 4);
      }
      for (let i = 0; i < 9; i++) expect(ours.direction[i]).toBeCloseTo(itk.direction[i], 6);
    });
  }
});

describeWithRefdata('images')('DICOM and itk-wasm formats', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cohortflow-io-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stacks the JPEG 2000 DICOM CT series onto the same physical grid as its TotalSegmentator mask', async () => {
    const ct = await readImage(refdataPath('images/totalsegmentator/example_ct_dicom'));
    const seg = await readImage(refdataPath('images/totalsegmentator/example_seg_dicom.nii.gz'));
    expect(ct.size).toEqual([512, 512, 20]);
    expect(ct.spacing[0]).toBeCloseTo(0.9765625, 6);
    expect(ct.spacing[2]).toBeCloseTo(2, 6);
    expect(ct.data).toBeInstanceOf(Int16Array);
    expect(minOf(ct)).toBe(-1024); // RescaleIntercept applied
    // The mask is stored LAS (y flipped): its first voxel is the CT's last row, so compare extents.
    const yEnd = (im: Image3D) => im.origin[1] + im.direction[4] * im.spacing[1] * (im.size[1] - 1);
    expect(seg.origin[1]).toBeCloseTo(yEnd(ct), 2);
    expect(seg.origin[0]).toBeCloseTo(ct.origin[0], 2);
    expect(seg.origin[2]).toBeCloseTo(ct.origin[2], 2);
  }, 120_000);

  it('refuses a folder that mixes two DICOM series and names both', async () => {
    const source = refdataPath('images/totalsegmentator/example_ct_dicom');
    const names = (await readdir(source)).sort().slice(0, 3);
    const mixed = join(dir, 'mixed');
    await mkdir(mixed);
    for (const name of names.slice(0, 2)) await copyFile(join(source, name), join(mixed, name));
    // Give the third slice its own (otherwise blank) SeriesInstanceUID (0020,000E), explicit VR little endian.
    const bytes = await readFile(join(source, names[2]));
    const tag = Buffer.from([0x20, 0x00, 0x0e, 0x00, 0x55, 0x49, 0x00, 0x00]);
    const at = bytes.indexOf(tag);
    expect(at).toBeGreaterThan(0);
    const uid = Buffer.from('1.2.3.4\0');
    const patched = Buffer.concat([bytes.subarray(0, at), Buffer.from([0x20, 0x00, 0x0e, 0x00, 0x55, 0x49, uid.length, 0x00]), uid, bytes.subarray(at + 8)]);
    await writeFile(join(mixed, names[2]), patched);
    await expect(readImage(mixed, { where: { site: 'east', caseId: 'e-3' } })).rejects.toThrow(/site east, case e-3, file .*mixed: folder holds 2 DICOM series: .*UID blank, 2 files.*UID 1\.2\.3\.4, 1 file\)/);
  }, 120_000);

  it('round-trips an image through MetaImage (.mha) and NRRD written by itk-wasm', async () => {
    const image = await readImage(refdataPath('images/monai/anatomical.nii'));
    for (const name of ['a.mha', 'a.nrrd']) {
      await writeImage(join(dir, name), image);
      const back = await readImage(join(dir, name));
      expect(back.size).toEqual(image.size);
      expect(back.origin).toEqual(image.origin);
      expect(back.direction).toEqual(image.direction);
      expect(back.spacing).toEqual(image.spacing);
      expect(back.data).toEqual(image.data);
    }
  });
});
