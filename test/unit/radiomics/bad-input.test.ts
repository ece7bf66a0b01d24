import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmptyRegionError, GeometryMismatchError, InvalidInputError } from '../../../core/errors.js';
import type { Image3D, Vec3 } from '../../../core/image/image.js';
import { identityDirection } from '../../../core/image/image.js';
import { extractFeatures } from '../../../plugins/radiomics/extractor.js';
import { runRadiomics } from '../../../cli/commands/radiomics.js';

function image<T extends Float32Array | Uint8Array>(size: Vec3, data: T, spacing: Vec3 = [1, 1, 1]): Image3D<T> {
  return { size, spacing, origin: [0, 0, 0], direction: identityDirection(), data };
}
const size: Vec3 = [6, 6, 6];
const ramp = () => image(size, Float32Array.from({ length: 216 }, (_, i) => (i * 37) % 101));
const cube = (label = 1) => image(size, Uint8Array.from({ length: 216 }, (_, i) => {
  const x = i % 6, y = Math.floor(i / 6) % 6, z = Math.floor(i / 36);
  return x > 0 && x < 5 && y > 0 && y < 5 && z > 0 && z < 5 ? label : 0;
}));
const firstOrderOnly = { featureClass: { firstorder: [] } };

describe('bad input gives a typed error or a documented value', () => {
  it('reports an unreadable image file as invalid input naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rad-'));
    const bad = join(dir, 'broken.nrrd');
    writeFileSync(bad, 'not an image');
    await expect(runRadiomics({ image: bad, mask: bad })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(runRadiomics({ image: join(dir, 'missing.nii.gz'), mask: bad })).rejects.toThrow(/missing\.nii\.gz/);
  });

  it('refuses a mask on another grid with a geometry mismatch that says what differs', async () => {
    const small = image([6, 6, 5], new Uint8Array(180).fill(1));
    await expect(extractFeatures(ramp(), small, firstOrderOnly)).rejects.toBeInstanceOf(GeometryMismatchError);
    const spaced = { ...cube(), spacing: [1, 1, 2] as Vec3 };
    await expect(extractFeatures(ramp(), spaced, firstOrderOnly)).rejects.toThrow(/spacing/);
  });

  it('refuses an empty mask and an absent label with an empty-region error listing the labels present', async () => {
    await expect(extractFeatures(ramp(), image(size, new Uint8Array(216)), firstOrderOnly)).rejects.toBeInstanceOf(EmptyRegionError);
    await expect(extractFeatures(ramp(), cube(2), firstOrderOnly)).rejects.toThrow(/labels present: 2/);
  });

  it('refuses a one-voxel mask (as PyRadiomics) and a one-line mask under the default minimumROIDimensions of 2', async () => {
    const one = image(size, new Uint8Array(216));
    one.data[3 + 3 * 6 + 3 * 36] = 1;
    await expect(extractFeatures(ramp(), one, { setting: { minimumROIDimensions: 1 }, ...firstOrderOnly })).rejects.toThrow(/single voxel/);
    const line = image(size, new Uint8Array(216));
    line.data[3 + 3 * 6 + 3 * 36] = 1;
    line.data[4 + 3 * 6 + 3 * 36] = 1;
    await expect(extractFeatures(ramp(), line, firstOrderOnly)).rejects.toThrow(/minimumROIDimensions/);
    const row = await extractFeatures(ramp(), line, { setting: { minimumROIDimensions: 1 }, featureClass: { firstorder: [], shape: [], glcm: [] } });
    expect(row.original_shape_VoxelVolume).toBe(2);
    expect(row.original_firstorder_Mean).toBe((ramp().data[3 + 3 * 6 + 3 * 36] + ramp().data[4 + 3 * 6 + 3 * 36]) / 2);
    for (const [k, v] of Object.entries(row)) if (!k.startsWith('diagnostics_')) expect(typeof v, k).toBe('number');
  });

  it('refuses NaN voxels inside the ROI and ignores NaN voxels outside it', async () => {
    const img = ramp();
    img.data[2 + 2 * 6 + 2 * 36] = NaN;
    await expect(extractFeatures(img, cube(), firstOrderOnly)).rejects.toThrow(/NaN/);
    const outside = ramp();
    outside.data[0] = NaN;
    const row = await extractFeatures(outside, cube(), firstOrderOnly);
    expect(Number.isFinite(row.original_firstorder_Mean as number)).toBe(true);
  });

  it('gives a flat region zero spread, zero entropy and PyRadiomics\' zero skewness and kurtosis', async () => {
    const flat = image(size, new Float32Array(216).fill(42));
    const row = await extractFeatures(flat, cube(), { featureClass: { firstorder: [], glcm: [] } });
    expect(row.original_firstorder_Variance).toBe(0);
    // PyRadiomics' −p·log2(p + eps) with p = 1 gives −3.2e-16, not 0; we match it.
    expect(row.original_firstorder_Entropy).toBe(-Math.log2(1 + 2.220446049250313e-16));
    expect(row.original_firstorder_Skewness).toBe(0);
    expect(row.original_firstorder_Kurtosis).toBe(0);
    expect(Math.abs(row.original_glcm_Contrast as number)).toBeLessThan(1e-12);
  });
});
