/**
 * PyRadiomics 3.0.1 output for exampleCT.yaml (1 mm B-spline resampling, Original + LoG σ 1–5 +
 * coif1 wavelet, binWidth 25) on brain1 and breast1, from test/fixtures/radiomics (generated with the
 * pip package; numbers only). Every feature must agree within 1e-4 relative error (0 must be 0).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { readImage } from '../../core/image/io.js';
import { extractFeatures } from '../../plugins/radiomics/extractor.js';
import { parseSettingsYaml } from '../../plugins/radiomics/settings.js';
import { describeWithRefdata, refdataPath, repoRoot } from '../helpers/refdata.js';

const fixture = JSON.parse(readFileSync(resolve(repoRoot, 'test/fixtures/radiomics/pyradiomics-3.0.1-exampleCT.json'), 'utf8')) as {
  cases: Record<string, Record<string, number>>;
};

describeWithRefdata('pyradiomics')('PyRadiomics 3.0.1 with filters (exampleCT.yaml)', () => {
  for (const c of ['brain1', 'breast1']) {
    it(`matches every original, LoG and wavelet feature of ${c} within 1e-4`, async () => {
      const settings = parseSettingsYaml(readFileSync(refdataPath('pyradiomics', 'exampleSettings', 'exampleCT.yaml'), 'utf8'));
      const [image, mask] = await Promise.all([
        readImage(refdataPath('pyradiomics', `${c}_image.nrrd`)),
        readImage(refdataPath('pyradiomics', `${c}_label.nrrd`)),
      ]);
      const row = await extractFeatures(image, mask, settings, { threads: 2 });
      const expected = fixture.cases[`${c}/exampleCT`];
      const failures: string[] = [];
      for (const [name, value] of Object.entries(expected)) {
        const got = row[name];
        expect(typeof got, name).toBe('number');
        const rel = value === 0 ? Math.abs(got as number) : Math.abs((got as number) / value - 1);
        if (!(rel < 1e-4)) failures.push(`${name}: ${got} vs ${value}`);
      }
      expect(failures).toEqual([]);
      expect(Object.keys(expected).length).toBeGreaterThan(1000);
    }, 120_000);
  }
});
