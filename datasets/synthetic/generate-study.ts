/**
 * Deterministic multi-centre phantom study: N sites × M cases of NIfTI images and lesion masks,
 * a `cases.csv` per site and a `manifest.json` (seed, resolved options, sha256 of every file).
 * The same seed and options give byte-identical files.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import type { Vec3 } from '../../core/image/image.js';
import { writeNifti } from '../../core/image/io.js';
import { drawLesion, renderCase } from './phantom.js';
import { deriveSeed, Prng } from '../../core/random.js';
import { scannerProfile, type ScannerProfile } from './scanner-profiles.js';

export interface SyntheticStudyOptions {
  /** Folder that receives one sub-folder per site and manifest.json. */
  outDir: string;
  /** Site names; north, south and east have fixed scanner profiles, others are drawn from the seed. @default ['north', 'south', 'east'] */
  sites?: string[];
  /** Cases per site. @default 40 */
  casesPerSite?: number;
  /** Seed of every random draw. @default 7 */
  seed?: number;
  /** Volume size in voxels [x, y, z] (the physical size follows each site's spacing). @default [48, 48, 32] */
  size?: Vec3;
  /** Per-site overrides of the scanner profile (spacing, scale, offset, noise, blurMm). @default {} */
  scanners?: Record<string, Partial<ScannerProfile>>;
  /** Case ids whose image file is written as garbage bytes (for quarantine tests). @default [] */
  corruptCases?: string[];
  /** Called after each case is rendered (done, total), for progress displays. @default undefined */
  onCase?: (done: number, total: number) => void;
  /** gzip level of the .nii.gz files (1 is ~2× faster than 6 and only ~3 % larger here). @default 1 */
  compressionLevel?: number;
}

export interface SyntheticCaseRow {
  case_id: string;
  image: string;
  mask: string;
  outcome: 0 | 1;
  age: number;
  /** 0 = female, 1 = male. */
  sex: 0 | 1;
}

export interface SyntheticManifest {
  generator: 'cohortflow-synthetic';
  version: 1;
  seed: number;
  options: {
    sites: string[];
    casesPerSite: number;
    size: Vec3;
    corruptCases: string[];
    scanners: Record<string, ScannerProfile>;
  };
  sites: Array<{ site: string; cases: number; positives: number; table: string }>;
  /** Every file written except manifest.json, paths relative to outDir (forward slashes), sorted. */
  files: Array<{ path: string; sha256: string; bytes: number }>;
}

/** Case id of the k-th case (0-based) of a site, e.g. `north-017` for k = 16. */
export function syntheticCaseId(site: string, k: number): string {
  return `${site}-${String(k + 1).padStart(3, '0')}`;
}

export async function generateSyntheticStudy(options: SyntheticStudyOptions): Promise<SyntheticManifest> {
  const sites = options.sites ?? ['north', 'south', 'east'];
  const casesPerSite = options.casesPerSite ?? 40;
  const seed = options.seed ?? 7;
  const size = options.size ?? [48, 48, 32];
  const corrupt = new Set(options.corruptCases ?? []);
  validate(sites, casesPerSite, size, corrupt);

  const scanners = Object.fromEntries(sites.map((s) => [s, scannerProfile(s, seed, options.scanners?.[s])]));
  const written: string[] = [];
  const siteSummaries: SyntheticManifest['sites'] = [];
  for (const site of sites) {
    const siteDir = join(options.outDir, site);
    await mkdir(join(siteDir, 'images'), { recursive: true });
    await mkdir(join(siteDir, 'masks'), { recursive: true });
    const siteRng = new Prng(deriveSeed(seed, 'site', site));
    // A fixed number of positives per site (prevalence varies a little between sites), in shuffled order,
    // so that every site with two or more cases has both outcomes.
    const prevalence = siteRng.uniform(0.35, 0.55);
    const positives = Math.min(casesPerSite - 1, Math.max(1, Math.round(prevalence * casesPerSite)));
    const outcomes = siteRng.shuffle(Array.from({ length: casesPerSite }, (_, k) => (k < positives ? 1 : 0) as 0 | 1));
    const rows: SyntheticCaseRow[] = [];
    const writes: Array<Promise<void>> = [];
    for (let k = 0; k < casesPerSite; k++) {
      const caseId = syntheticCaseId(site, k);
      const rng = new Prng(deriveSeed(seed, 'case', site, k));
      const outcome = outcomes[k];
      const truth = drawLesion(rng, outcome);
      const row: SyntheticCaseRow = {
        case_id: caseId,
        image: `images/${caseId}.nii.gz`,
        mask: `masks/${caseId}.nii.gz`,
        outcome,
        // Older patients are slightly more often positive, as in most oncology cohorts.
        age: Math.round(Math.min(90, Math.max(25, rng.normal(outcome ? 64 : 59, 9)))),
        sex: rng.next() < 0.5 ? 0 : 1,
      };
      const rendered = renderCase(rng, truth, scanners[site], size);
      const imagePath = join(siteDir, row.image);
      const level = options.compressionLevel ?? 1;
      if (corrupt.has(caseId)) {
        const garbage = new Uint8Array(4096);
        for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(rng.next() * 256);
        writes.push(writeFile(imagePath, garbage));
      } else {
        writes.push(writeNifti(imagePath, rendered.image, { compressionLevel: level }));
      }
      writes.push(writeNifti(join(siteDir, row.mask), rendered.mask, { compressionLevel: level }));
      written.push(`${site}/${row.image}`, `${site}/${row.mask}`);
      rows.push(row);
      options.onCase?.(sites.indexOf(site) * casesPerSite + k + 1, sites.length * casesPerSite);
    }
    await Promise.all(writes);
    await writeFile(join(siteDir, 'cases.csv'), casesCsv(rows));
    written.push(`${site}/cases.csv`);
    siteSummaries.push({ site, cases: casesPerSite, positives, table: `${site}/cases.csv` });
  }

  const files = await Promise.all(
    written.sort().map(async (path) => {
      const bytes = await readFile(join(options.outDir, path));
      return { path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    }),
  );
  const manifest: SyntheticManifest = {
    generator: 'cohortflow-synthetic',
    version: 1,
    seed,
    options: { sites, casesPerSite, size: [...size] as Vec3, corruptCases: [...corrupt].sort(), scanners },
    sites: siteSummaries,
    files,
  };
  await writeFile(join(options.outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function validate(sites: string[], casesPerSite: number, size: Vec3, corrupt: Set<string>): void {
  if (sites.length === 0) throw new InvalidInputError('no sites given', {}, 'Name at least one site');
  if (new Set(sites).size !== sites.length) throw new InvalidInputError(`site names repeat: ${sites.join(', ')}`, {}, 'Give every site a distinct name');
  const bad = sites.find((s) => !/^[a-z0-9][a-z0-9_-]*$/i.test(s));
  if (bad !== undefined) throw new InvalidInputError(`site name "${bad}" is not a plain folder name`, {}, 'Use letters, digits, - and _ only');
  if (!Number.isInteger(casesPerSite) || casesPerSite < 1) throw new InvalidInputError(`casesPerSite is ${casesPerSite}`, {}, 'Give a whole number ≥ 1');
  if (size.some((s) => !Number.isInteger(s) || s < 16)) throw new InvalidInputError(`size ${size.join('×')} is too small`, {}, 'Use at least 16 voxels per axis');
  const known = new Set(sites.flatMap((s) => Array.from({ length: casesPerSite }, (_, k) => syntheticCaseId(s, k))));
  const unknown = [...corrupt].filter((id) => !known.has(id));
  if (unknown.length) throw new InvalidInputError(`corruptCases names unknown case ids: ${unknown.join(', ')}`, {}, 'Case ids look like north-001');
}

function casesCsv(rows: SyntheticCaseRow[]): string {
  const header = 'case_id,image,mask,outcome,age,sex';
  return [header, ...rows.map((r) => [r.case_id, r.image, r.mask, r.outcome, r.age, r.sex].join(','))].join('\n') + '\n';
}
