/**
 * Writes the synthetic lesion studies the training script learns from and is scored on:
 * `train/` (seed 101) and `heldout/` (seed 202, cases never seen in training), 8 sites each, so
 * every scanner profile (spacing, gain, offset, noise, blur) is represented.
 *
 *   npx tsx scripts/train-models/generate-data.ts <outDir> [casesPerSite=25] [heldoutPerSite=5]
 */
import { join } from 'node:path';
import { generateSyntheticStudy } from '../../datasets/synthetic/generate-study.js';
import { defaultSiteNames } from '../../datasets/synthetic/scanner-profiles.js';

const [outDir, perSite = '25', heldout = '5'] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: generate-data.ts <outDir> [casesPerSite] [heldoutPerSite]');
  process.exit(2);
}
const sites = defaultSiteNames(8);
const train = await generateSyntheticStudy({ outDir: join(outDir, 'train'), sites, casesPerSite: Number(perSite), seed: 101 });
const test = await generateSyntheticStudy({ outDir: join(outDir, 'heldout'), sites, casesPerSite: Number(heldout), seed: 202 });
console.log(`train: ${train.files.length} files, heldout: ${test.files.length} files in ${outDir}`);
for (const [site, p] of Object.entries(train.options.scanners)) console.log(site, JSON.stringify(p));
