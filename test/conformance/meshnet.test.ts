/**
 * MeshNet (brainchop grey/white-matter model) on the brainchop T1, against the reference outputs in
 * refdata/models/README.md: whole-volume class counts and logit checksum, and 128³ sliding windows
 * (overlap 0.5, Gaussian) that agree with the whole volume at Dice ≥ 0.98 per class.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readImage } from '../../core/image/io.js';
import { disposeModels, loadModel, type LoadedModel } from '../../core/onnx/load-model.js';
import { normalizeIntensities } from '../../core/onnx/normalize.js';
import { sessionRunner } from '../../core/onnx/runner.js';
import { segmentCase } from '../../plugins/segment-onnx/plugin.js';
import { segmentParams } from '../../plugins/segment-onnx/params.js';
import type { Image3D } from '../../core/image/image.js';
import { describeWithRefdata, refdataPath } from '../helpers/refdata.js';
import { caseContext } from '../unit/onnx/case-context.js';

const T1 = refdataPath('images/brainchop/t1_crop.nii.gz');
const WHOLE_COUNTS = [15523464, 518540, 735212];
const WINDOW_COUNTS = [15532767, 516753, 727696];
const LOGIT_CHECKSUM = -91966.7469;

function argmax3(d: Float32Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let k = d[n + i] > d[i] ? 1 : 0;
    if (d[2 * n + i] > d[k * n + i]) k = 2;
    out[i] = k;
  }
  return out;
}

function counts(labels: Uint8Array): number[] {
  const c = [0, 0, 0];
  for (let i = 0; i < labels.length; i++) c[labels[i]]++;
  return c;
}

function dice(a: Uint8Array, b: Uint8Array, label: number): number {
  let x = 0;
  let y = 0;
  let both = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] === label;
    const q = b[i] === label;
    if (p) x++;
    if (q) y++;
    if (p && q) both++;
  }
  return (2 * both) / (x + y);
}

/** Within ±0.1 % (argmax counts move by a few voxels across onnxruntime versions and EPs). */
function expectCountsNear(actual: number[], expected: number[]): void {
  actual.forEach((c, k) => expect(Math.abs(c - expected[k])).toBeLessThanOrEqual(Math.ceil(expected[k] * 1e-3)));
}

describeWithRefdata('images/brainchop')('MeshNet on the brainchop T1', () => {
  let image: Image3D;
  let model: LoadedModel;
  let whole: Uint8Array;

  beforeAll(async () => {
    image = await readImage(T1);
    model = await loadModel('meshnet', { device: 'cpu' });
  });
  afterAll(() => disposeModels());

  it('reproduces the reference class counts and logits on the whole 256³ volume', async () => {
    expect(image.size).toEqual([256, 256, 256]);
    const n = 256 ** 3;
    // The reference feeds the stored voxel order unchanged, as [1, 1, 256, 256, 256].
    const input = normalizeIntensities(image.data, model.card.normalization);
    const t0 = performance.now();
    const out = await sessionRunner(model.onnx.session, 'input', 'output', model.onnxPath)(input, [1, 1, 256, 256, 256]);
    console.info(`[meshnet] whole-volume inference ${((performance.now() - t0) / 1000).toFixed(1)} s on ${model.onnx.provider}`);
    let checksum = 0;
    for (let i = 0; i < 3 * n; i += 997) checksum += out.data[i];
    expect(Math.abs(checksum - LOGIT_CHECKSUM)).toBeLessThan(0.05);
    whole = argmax3(out.data, n);
    expectCountsNear(counts(whole), WHOLE_COUNTS);
  }, 240_000);

  it('agrees with the whole volume at Dice ≥ 0.98 per class with 128³ Gaussian sliding windows, through the segment.onnx stage', async () => {
    const { ctx, heartbeats } = caseContext('brainchop', { image: T1 });
    const params = segmentParams.parse({ model: 'meshnet', roi: [128, 128, 128], overlap: 0.5, blend: 'gaussian' });
    const t0 = performance.now();
    const result = await segmentCase(ctx, params);
    console.info(`[meshnet] 27 sliding windows + NIfTI write ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(result.row).toMatchObject({ seg_model: 'meshnet', seg_windows: 27, qc_flag: 'ok', seg_provider: 'cpu' });
    expect(heartbeats.at(-1)).toMatchObject({ windowsDone: 27, windows: 27 });
    const mask = await readImage(result.files!.mask);
    expect(mask.size).toEqual(image.size);
    expect(mask.direction).toEqual(image.direction);
    mask.origin.forEach((o, i) => expect(o).toBeCloseTo(image.origin[i], 4));
    const labels = Uint8Array.from(mask.data);
    expectCountsNear(counts(labels), WINDOW_COUNTS);
    expect(result.row.seg_label1_ml).toBeCloseTo(counts(labels)[1] / 1000, 6);
    expect(dice(labels, whole, 1)).toBeGreaterThanOrEqual(0.98);
    expect(dice(labels, whole, 2)).toBeGreaterThanOrEqual(0.98);
  }, 240_000);
});

