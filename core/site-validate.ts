/**
 * Checks a site's data folder and reports every problem at once: cases.csv, each file readable,
 * image/mask geometry within tolerance, a non-empty mask.
 */
import { existsSync } from 'node:fs';
import { readCases } from './site-data.js';
import { readImage } from './image/io.js';
import { checkSameGeometry } from './image/geometry.js';
import type { Problem } from './study-validate.js';

export interface SiteValidationOptions {
  /** Geometry tolerance (relative to spacing). @default 1e-3 */
  tolerance?: number;
  /** Called after each case, for progress. */
  onCase?: (done: number, total: number) => void;
}

export async function validateSiteData(site: string, dir: string, opts: SiteValidationOptions = {}): Promise<Problem[]> {
  const problems: Problem[] = [];
  let cases;
  try {
    cases = readCases(site, dir);
  } catch (e) {
    return [{ where: `site ${site}`, message: (e as Error).message }];
  }
  let done = 0;
  for (const c of cases) {
    const where = `site ${site}, case ${c.caseId}`;
    const images: Record<string, Awaited<ReturnType<typeof readImage>>> = {};
    for (const [col, file] of Object.entries(c.files)) {
      if (!existsSync(file)) { problems.push({ where: `${where}, ${col}`, message: `file ${file} does not exist` }); continue; }
      try {
        images[col] = await readImage(file, { where: { site, caseId: c.caseId, file } });
      } catch (e) {
        problems.push({ where: `${where}, ${col}`, message: (e as Error).message });
      }
    }
    const mask = images.mask;
    if (mask) {
      let n = 0;
      for (let i = 0; i < mask.data.length; i++) if (mask.data[i] > 0) n++;
      if (n === 0) problems.push({ where: `${where}, mask`, message: `the mask ${c.files.mask} has no labelled voxel` });
      for (const [col, img] of Object.entries(images)) {
        if (col === 'mask') continue;
        try {
          checkSameGeometry(img, mask, { tolerance: opts.tolerance ?? 1e-3, where: { site, caseId: c.caseId, file: c.files.mask }, names: [col, 'mask'] });
        } catch (e) {
          problems.push({ where: `${where}, mask`, message: (e as Error).message });
        }
      }
    }
    opts.onCase?.(++done, cases.length);
  }
  return problems;
}
