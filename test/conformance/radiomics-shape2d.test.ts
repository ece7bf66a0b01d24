/**
 * shape2D: the baselines' 2D masks are not shipped, so we cut brain1's largest axial slice out of its
 * label map and compare with PyRadiomics 3.0.1 on the same mask (RadiomicsShape2D after
 * cropToTumorMask, force2D, force2Ddimension 0); values printed by that run, numbers only.
 */
import { expect, it } from 'vitest';
import { readImage } from '../../core/image/io.js';
import { extractFeatures } from '../../plugins/radiomics/extractor.js';
import { describeWithRefdata, refdataPath } from '../helpers/refdata.js';

const PYRADIOMICS_3_0_1 = {
  Elongation: 0.7026288930220501, MajorAxisLength: 33.85279086841536, MaximumDiameter: 35.579054802299055,
  MeshSurface: 600.28076171875, MinorAxisLength: 23.78594897358165, Perimeter: 101.0913825153671,
  PerimeterSurfaceRatio: 0.16840683387206656, PixelSurface: 600.5859374999998, Sphericity: 0.8591480496460207,
};

describeWithRefdata('pyradiomics')('shape2D', () => {
  it('matches PyRadiomics 3.0.1 on brain1\'s largest axial slice within 1e-9 relative error', async () => {
    const image = await readImage(refdataPath('pyradiomics', 'brain1_image.nrrd'));
    const mask = await readImage(refdataPath('pyradiomics', 'brain1_label.nrrd'));
    const [sx, sy, sz] = mask.size;
    const counts = Array.from({ length: sz }, (_, z) => {
      let n = 0;
      for (let i = z * sx * sy; i < (z + 1) * sx * sy; i++) n += mask.data[i] === 1 ? 1 : 0;
      return n;
    });
    const zMax = counts.indexOf(Math.max(...counts));
    expect(zMax).toBe(16);
    const slice = new Int32Array(mask.data.length);
    for (let i = zMax * sx * sy; i < (zMax + 1) * sx * sy; i++) slice[i] = mask.data[i];
    const row = await extractFeatures(image, { ...mask, data: slice }, {
      setting: { force2D: true, force2Ddimension: 0, minimumROIDimensions: 2 },
      featureClass: { shape2D: [] },
    });
    for (const [k, v] of Object.entries(PYRADIOMICS_3_0_1)) {
      expect(Math.abs((row[`original_shape2D_${k}`] as number) / v - 1), k).toBeLessThan(1e-9);
    }
  });
});
