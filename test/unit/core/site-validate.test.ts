import { describe, expect, it } from 'vitest';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { validateSiteData } from '../../../core/site-validate.js';
import { readImage, writeNifti } from '../../../core/image/io.js';
import { generateSyntheticStudy } from '../../../datasets/synthetic/index.js';
import { tempDir } from '../../helpers/temporal.js';

describe('site data validation', () => {
  it('reports a missing file, an unreadable file, a geometry mismatch and an empty mask, all at once', async () => {
    const root = tempDir('validate');
    await generateSyntheticStudy({ outDir: root, sites: ['north'], casesPerSite: 6, seed: 3, size: [24, 24, 16], corruptCases: ['north-002'] });
    const site = join(root, 'north');
    expect(await validateSiteData('north', site).then((p) => p.length)).toBe(1); // the corrupt image
    rmSync(join(site, 'images', 'north-003.nii.gz'), { force: true });
    const mask = await readImage(join(site, 'masks', 'north-004.nii.gz'));
    await writeNifti(join(site, 'masks', 'north-004.nii.gz'), { ...mask, spacing: [mask.spacing[0] * 1.5, mask.spacing[1], mask.spacing[2]] });
    const empty = await readImage(join(site, 'masks', 'north-005.nii.gz'));
    await writeNifti(join(site, 'masks', 'north-005.nii.gz'), { ...empty, data: new Uint8Array(empty.data.length) });
    appendFileSync(join(site, 'cases.csv'), 'north-099,images/nope.nii.gz,masks/nope.nii.gz,0,50,1\n');
    const problems = await validateSiteData('north', site);
    const text = problems.map((p) => `${p.where}: ${p.message}`).join('\n');
    expect(text).toMatch(/case north-002, image: .*north-002/);
    expect(text).toMatch(/case north-003, image: file .*north-003\.nii\.gz does not exist/);
    expect(text).toMatch(/case north-004, mask: .*spacing .* differs/);
    expect(text).toMatch(/case north-005, mask: .*no labelled voxel/);
    expect(text).toMatch(/case north-099, image: file .*nope\.nii\.gz does not exist/);
  });
});
