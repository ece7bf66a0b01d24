import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmptyRegionError, GeometryMismatchError, ModelMismatchError } from '../../../core/errors.js';
import type { Image3D, Vec3 } from '../../../core/image/image.js';
import { writeNifti } from '../../../core/image/io.js';
import { loadModel } from '../../../core/onnx/load-model.js';
import { assertModelFits } from '../../../core/onnx/model-fit.js';
import { segmentCase } from '../../../plugins/segment-onnx/plugin.js';
import { segmentParams } from '../../../plugins/segment-onnx/params.js';
import { segmentImage } from '../../../plugins/segment-onnx/segment-image.js';
import { repoRoot } from '../../helpers/refdata.js';
import { caseContext } from './case-context.js';

const fixture = (name: string) => join(repoRoot, 'test/fixtures/models', name);
const RAS = [-1, 0, 0, 0, -1, 0, 0, 0, 1];

/** A bright ball in a dark 24³ box, 1 mm, RAS. */
function ballImage(): Image3D<Float32Array> {
  const size: Vec3 = [24, 24, 24];
  const data = new Float32Array(24 ** 3);
  for (let z = 0, i = 0; z < 24; z++) for (let y = 0; y < 24; y++) for (let x = 0; x < 24; x++, i++) data[i] = Math.hypot(x - 12, y - 11, z - 12) < 6 ? 100 : 10 + ((i * 7919) % 13);
  return { size, spacing: [1, 1, 1], origin: [0, 0, 0], direction: RAS, data };
}

describe('bad input to segmentation', () => {
  it('refuses a model whose input is not rank 5, naming the shapes', async () => {
    const model = await loadModel(fixture('rank4-2d'));
    const run = segmentImage(ballImage(), model, { roi: [16, 16, 16] });
    await expect(run).rejects.toThrow(ModelMismatchError);
    await expect(run).rejects.toThrow(/rank 4 \[N, 1, H, W\], expected rank 5/);
  });

  it('refuses a model that takes more channels than the image has', async () => {
    const model = await loadModel(fixture('two-channel'));
    await expect(segmentImage(ballImage(), model, { roi: [16, 16, 16] })).rejects.toThrow(/takes 2 channels, the image has 1/);
  });

  it('refuses windows that differ from a model with a fixed input size', () => {
    // The original MeshNet export: input fixed at 256³.
    expect(() => assertModelFits({ name: 'input', shape: [1, 1, 256, 256, 256] }, { channels: 1, window: [128, 128, 128] }, 'm.onnx')).toThrow(/fixed spatial size \[256, 256, 256\]/);
  });

  it('names the window when a U-Net cannot take its size', async () => {
    const model = await loadModel('lesion-unet');
    await expect(segmentImage(ballImage(), model, { roi: [20, 20, 20] })).rejects.toThrow(/onnxruntime failed on input \[1, 1, 20, 20, 20\].*multiples of 2\^k/);
  });

  it('refuses an image whose axes differ from the card when orientation is required', async () => {
    const model = await loadModel('meshnet');
    const run = segmentImage(ballImage(), model, { roi: [24, 24, 24], orientation: 'require', where: { site: 'north', caseId: 'n-001' } });
    await expect(run).rejects.toThrow(GeometryMismatchError);
    await expect(run).rejects.toThrow(/site north, case n-001: image orientation is RAS but model 'meshnet' expects LIA/);
  });

  it('records an empty prediction as a QC flag and writes no mask', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-empty-'));
    const imagePath = join(dir, 'ball.nii.gz');
    await writeNifti(imagePath, ballImage());
    const { ctx, dir: out } = caseContext('c-001', { image: imagePath });
    const params = segmentParams.parse({ model: fixture('always-background'), roi: [16, 16, 16] });
    const result = await segmentCase(ctx, params);
    expect(result.row.qc_flag).toBe('empty_prediction');
    expect(result.row.seg_volume_ml).toBe(0);
    expect(result.files).toBeUndefined();
    expect(existsSync(join(out, 'c-001.mask.nii.gz'))).toBe(false);
  });

  it('fails the case with EmptyRegionError on an empty prediction when asked to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-empty-'));
    const imagePath = join(dir, 'ball.nii.gz');
    await writeNifti(imagePath, ballImage());
    const { ctx } = caseContext('c-002', { image: imagePath });
    const params = segmentParams.parse({ model: fixture('always-background'), roi: [16, 16, 16], onEmpty: 'error' });
    const run = segmentCase(ctx, params);
    await expect(run).rejects.toThrow(EmptyRegionError);
    await expect(run).rejects.toThrow(/case c-002.*predicted no foreground voxel/);
  });
});
