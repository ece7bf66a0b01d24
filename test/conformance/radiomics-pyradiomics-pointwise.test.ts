/**
 * PyRadiomics 3.0.1 output (test/fixtures/radiomics/, numbers only) on brain1 and breast1, within 1e-4 relative:
 * pyradiomics-3.0.1-filters-weighting.json: the square, square-root, logarithm, exponential and gradient image
 * types, and the three distance-weighted merges of GLCM/GLRLM (weightingNorm);
 * pyradiomics-3.0.1-lbp2d.json: the LBP2D image type (scikit-image 0.24) for each method, radius, slice axis, and
 * after resampling.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { readImage } from '../../core/image/io.js';
import type { Image3D } from '../../core/image/image.js';
import { extractFeatures } from '../../plugins/radiomics/extractor.js';
import { describeWithRefdata, refdataPath, repoRoot } from '../helpers/refdata.js';

type Fixture = { configurations: Record<string, { params: Record<string, unknown>; cases: Record<string, Record<string, number>> }> };
const configurations = ['pyradiomics-3.0.1-filters-weighting.json', 'pyradiomics-3.0.1-lbp2d.json'].flatMap((f) =>
  Object.entries((JSON.parse(readFileSync(resolve(repoRoot, 'test/fixtures/radiomics', f), 'utf8')) as Fixture).configurations));
const images = new Map<string, Image3D>();
const read = async (f: string) => {
  if (!images.has(f)) images.set(f, await readImage(refdataPath('pyradiomics', f)));
  return images.get(f)!;
};

describeWithRefdata('pyradiomics')('PyRadiomics 3.0.1: point-wise filters, gradient, LBP2D and weighted merges', () => {
  for (const [name, conf] of configurations) {
    it(`matches every feature of configuration ${name} on brain1 and breast1 within 1e-4`, async () => {
      const failures: string[] = [];
      let checked = 0;
      for (const [c, expected] of Object.entries(conf.cases)) {
        const row = await extractFeatures(await read(`${c}_image.nrrd`), await read(`${c}_label.nrrd`), conf.params);
        for (const [k, v] of Object.entries(expected)) {
          const got = row[k] as number;
          const rel = v === 0 ? Math.abs(got) : Math.abs(got / v - 1);
          checked++;
          if (!(rel < 1e-4)) failures.push(`${c} ${k}: ${got} vs ${v}`);
        }
      }
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(50);
    }, 60_000);
  }
});
