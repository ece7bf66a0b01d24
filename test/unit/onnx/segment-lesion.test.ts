/**
 * The trained lesion models through the stages, on synthetic cases generated here (seed 303, never
 * seen in training): masks per case with QC against the phantom's true mask, byte-identical reruns
 * (what a resumed activity relies on), and deep features from the segmentation stage's mask.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticStudy } from '../../../datasets/synthetic/generate-study.js';
import { deepFeaturesCase } from '../../../plugins/deep-features/plugin.js';
import { deepFeatureParams } from '../../../plugins/deep-features/params.js';
import { segmentCase } from '../../../plugins/segment-onnx/plugin.js';
import { segmentParams } from '../../../plugins/segment-onnx/params.js';
import { runDeepFeatures } from '../../../cli/commands/deep-features.js';
import { runSegment } from '../../../cli/commands/segment.js';
import { caseContext } from './case-context.js';

const SITES = ['north', 'south', 'coast'];
const PER_SITE = 3;
let root: string;
const cases = () => SITES.flatMap((s) => Array.from({ length: PER_SITE }, (_, k) => ({ site: s, id: `${s}-${String(k + 1).padStart(3, '0')}` })));
const files = (c: { site: string; id: string }) => ({ image: join(root, c.site, 'images', `${c.id}.nii.gz`), mask: join(root, c.site, 'masks', `${c.id}.nii.gz`) });

describe('lesion U-Net and autoencoder on synthetic cases', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cf-lesions-'));
    await generateSyntheticStudy({ outDir: root, sites: SITES, casesPerSite: PER_SITE, seed: 303 });
  });

  it('segments unseen lesions from three scanners with Dice ≥ 0.85 each and ≥ 0.9 on average', async () => {
    const params = segmentParams.parse({ model: 'lesion-unet', largestComponent: true });
    const dices: number[] = [];
    for (const c of cases()) {
      const { ctx } = caseContext(c.id, files(c));
      const r = await segmentCase(ctx, params);
      expect(r.row.qc_flag).toBe('ok');
      expect(r.row.qc_hd95_mm).toBeLessThan(4);
      dices.push(r.row.qc_dice as number);
    }
    expect(Math.min(...dices)).toBeGreaterThanOrEqual(0.85);
    expect(dices.reduce((a, b) => a + b, 0) / dices.length).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('writes byte-identical masks when a case is processed again', async () => {
    const c = cases()[4];
    const params = segmentParams.parse({ model: 'lesion-unet' });
    const a = await segmentCase(caseContext(c.id, files(c)).ctx, params);
    const b = await segmentCase(caseContext(c.id, files(c)).ctx, params);
    expect(readFileSync(b.files!.mask)).toEqual(readFileSync(a.files!.mask));
    expect(b.row).toEqual(a.row);
  });

  it('pools autoencoder features inside the mask the segmentation stage committed', async () => {
    const c = cases()[7];
    const seg = await segmentCase(caseContext(c.id, files(c)).ctx, segmentParams.parse({ model: 'lesion-unet' }));
    const upstream = { seg: { row: seg.row, files: seg.files ?? {} } };
    const params = deepFeatureParams.parse({ model: 'lesion-ae', maskFrom: 'seg' });
    const r = await deepFeaturesCase(caseContext(c.id, files(c), upstream).ctx, params);
    const names = Object.keys(r.row);
    expect(names).toEqual(Array.from({ length: 16 }, (_, k) => `deep_lesion_ae_${k}`));
    expect(Object.values(r.row).every((v) => Number.isFinite(v))).toBe(true);
    // Against the phantom's own mask the features move only a little: the masks nearly agree.
    const own = await deepFeaturesCase(caseContext(c.id, files(c)).ctx, deepFeatureParams.parse({ model: 'lesion-ae' }));
    const diff = names.map((n) => Math.abs((own.row[n] as number) - (r.row[n] as number)));
    const scale = names.map((n) => Math.abs(own.row[n] as number));
    expect(Math.max(...diff)).toBeLessThan(0.25 * Math.max(...scale));
  });

  it('says which stage left no mask when a case had an empty prediction', async () => {
    const c = cases()[0];
    const upstream = { seg: { row: { qc_flag: 'empty_prediction' }, files: {} } };
    const params = deepFeatureParams.parse({ model: 'lesion-ae', maskFrom: 'seg' });
    await expect(deepFeaturesCase(caseContext(c.id, files(c), upstream).ctx, params)).rejects.toThrow(/stage 'seg' committed no mask for this case \(its qc_flag: empty_prediction\)/);
  });

  it('runs the segment and deep-features commands on files', async () => {
    const c = cases()[2];
    const out = join(mkdtempSync(join(tmpdir(), 'cf-cli-')), 'mask.nii.gz');
    const seg = await runSegment({ model: 'lesion-unet', image: files(c).image, out, reference: files(c).mask, quiet: true });
    expect(seg.out).toBe(out);
    expect(seg.provider).toBe('cpu');
    expect(seg.qc!.dice).toBeGreaterThan(0.85);
    expect(seg.labelMl.lesion).toBeCloseTo(seg.qc!.predictedMl, 9);
    const features = await runDeepFeatures({ model: 'lesion-ae', image: files(c).image, mask: out });
    expect(Object.keys(features)).toHaveLength(16);
  });
});
