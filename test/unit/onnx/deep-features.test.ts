import { beforeAll, describe, expect, it } from 'vitest';
import { EmptyRegionError, GeometryMismatchError } from '../../../core/errors.js';
import type { Image3D, Vec3 } from '../../../core/image/image.js';
import { loadModel, type LoadedModel } from '../../../core/onnx/load-model.js';
import { reorient } from '../../../core/onnx/orientation.js';
import { deepFeatures } from '../../../plugins/deep-features/extract.js';
import { cellWeights, poolFeatures } from '../../../plugins/deep-features/pooling.js';
import { describeWithRefdata } from '../../helpers/refdata.js';
import { t1Block } from './t1-block.js';

describe('deep-feature pooling', () => {
  it('weights each feature cell by the fraction of its voxels inside the region', () => {
    // A 4×2×2 region pooled onto 2×1×1 cells: the left cell holds 3 of its 8 voxels, the right none.
    const region = new Uint8Array(16);
    region[0] = region[1] = region[4] = 1;
    expect(Array.from(cellWeights(region, [4, 2, 2], [2, 1, 1]))).toEqual([3 / 8, 0]);
    expect(Array.from(cellWeights(region, [4, 2, 2], [4, 2, 2]))).toEqual(Array.from(region));
  });

  it('computes weighted mean, standard deviation and maximum per channel, stat-major', () => {
    const features = Float32Array.from([1, 2, 3, 100, /* channel 1 */ 10, 10, 10, -5]);
    const weights = Float64Array.from([1, 1, 2, 0]);
    const v = poolFeatures(features, 2, weights, ['mean', 'std', 'max']);
    const mean0 = (1 + 2 + 2 * 3) / 4;
    expect(v[0]).toBeCloseTo(mean0, 12);
    expect(v[1]).toBeCloseTo(10, 12);
    expect(v[2]).toBeCloseTo(Math.sqrt(((1 - mean0) ** 2 + (2 - mean0) ** 2 + 2 * (3 - mean0) ** 2) / 4), 12);
    expect(v[3]).toBeCloseTo(0, 12);
    expect(v[4]).toBe(3); // the 100 lies outside the region
    expect(v[5]).toBe(10);
  });
});

describeWithRefdata('images/brainchop')('deep features from MeshNet on a 72³ block of the brainchop T1', () => {
  let image: Image3D;
  let mask: Image3D<Uint8Array>;
  let model: LoadedModel;

  beforeAll(async () => {
    ({ image, mask } = await t1Block());
    model = await loadModel('meshnet', { intraOpThreads: 1 });
  });

  it('gives 15 named columns (5 channels × mean, std, max) with max ≥ mean and std ≥ 0', async () => {
    const f = await deepFeatures(image, mask, model);
    expect(f.names).toEqual(Array.from({ length: 15 }, (_, k) => `deep_meshnet_${k}`));
    expect(f.values.every(Number.isFinite)).toBe(true);
    for (let c = 0; c < 5; c++) {
      expect(f.values[10 + c]).toBeGreaterThanOrEqual(f.values[c]);
      expect(f.values[5 + c]).toBeGreaterThanOrEqual(0);
    }
    // The last hidden layer is not dead inside brain tissue.
    expect(Math.max(...f.values.slice(0, 5))).toBeGreaterThan(0);
  });

  it('gives the same features for the same anatomy stored in another orientation', async () => {
    const a = await deepFeatures(image, mask, model);
    const b = await deepFeatures(reorient(image, 'RAS'), reorient(mask, 'RAS'), model);
    a.values.forEach((v, k) => expect(b.values[k]).toBeCloseTo(v, 4));
  });

  it('refuses an empty mask and a mask on another grid', async () => {
    const empty = { ...mask, data: new Uint8Array(mask.data.length) };
    await expect(deepFeatures(image, empty, model)).rejects.toThrow(EmptyRegionError);
    const shifted = { ...mask, origin: [mask.origin[0] + 5, mask.origin[1], mask.origin[2]] as Vec3 };
    await expect(deepFeatures(image, shifted, model)).rejects.toThrow(GeometryMismatchError);
  });
});
