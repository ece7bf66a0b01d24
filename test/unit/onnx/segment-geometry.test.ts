import { beforeAll, expect, it } from 'vitest';
import type { Image3D } from '../../../core/image/image.js';
import { resampleToGrid, resampleToSpacing } from '../../../core/image/resample.js';
import { loadModel, type LoadedModel } from '../../../core/onnx/load-model.js';
import { reorient } from '../../../core/onnx/orientation.js';
import { segmentImage } from '../../../plugins/segment-onnx/segment-image.js';
import { describeWithRefdata } from '../../helpers/refdata.js';
import { t1Block } from './t1-block.js';

describeWithRefdata('images/brainchop')('MeshNet pre- and post-processing on a 72³ block of the brainchop T1', () => {
  let image: Image3D;
  let model: LoadedModel;

  beforeAll(async () => {
    ({ image } = await t1Block());
    model = await loadModel('meshnet', { intraOpThreads: 1 });
  });

  it('segments the same anatomy stored in another orientation into the same mask', async () => {
    const direct = await segmentImage(image, model, { roi: [72, 72, 72] });
    const flipped = await segmentImage(reorient(image, 'RAS'), model, { roi: [72, 72, 72] });
    expect(flipped.modelGrid.orientation).toBe('LIA');
    expect(direct.labelVoxels[1]).toBeGreaterThan(1000);
    expect(reorient(flipped.mask, 'LIA').data).toEqual(direct.mask.data);
  });

  it('resamples a coarser image to the model spacing and returns the mask on the image grid', async () => {
    const coarse = resampleToSpacing(image, [1.5, 1.5, 1.5], { interpolator: 'linear', outputType: 'float32' });
    const onCoarse = await segmentImage(coarse, model, { roi: [72, 72, 72] });
    expect(onCoarse.modelGrid.spacing).toEqual([1, 1, 1]);
    expect(onCoarse.mask.size).toEqual(coarse.size);
    expect(onCoarse.mask.origin).toEqual(coarse.origin);
    // The 1 mm result sampled onto the coarse grid agrees up to blur (MeshNet sees a smoother image),
    // and best without any shift: the mask came back onto the right voxels.
    const direct = await segmentImage(image, model, { roi: [72, 72, 72] });
    const reference = resampleToGrid(direct.mask, coarse, { interpolator: 'nearest' });
    const [sx, sy, sz] = coarse.size;
    const dice = (label: number, [dx, dy, dz]: number[]) => {
      let a = 0;
      let b = 0;
      let both = 0;
      for (let z = 1; z < sz - 1; z++) {
        for (let y = 1; y < sy - 1; y++) {
          for (let x = 1; x < sx - 1; x++) {
            const p = onCoarse.mask.data[x + y * sx + z * sx * sy] === label;
            const q = reference.data[x + dx + (y + dy) * sx + (z + dz) * sx * sy] === label;
            a += +p;
            b += +q;
            both += +(p && q);
          }
        }
      }
      return (2 * both) / (a + b);
    };
    const shifts = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];
    for (const label of [1, 2]) {
      const aligned = dice(label, [0, 0, 0]);
      expect(aligned).toBeGreaterThan(0.75);
      for (const shift of shifts) expect(aligned).toBeGreaterThan(dice(label, shift));
    }
  });
});
