/** `cohortflow generate-synthetic --out <dir> --sites 3 --cases 40 --seed 7`: a deterministic multi-centre phantom study. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import type { Vec3 } from '../../core/image/image.js';
import { defaultSiteNames, generateSyntheticStudy } from '../../datasets/synthetic/index.js';

interface GenerateOptions {
  out: string;
  sites: string;
  cases: string;
  seed: string;
  size: string;
  corrupt?: string;
}

/** "3" → the first three default site names; "north,south" → those names. */
export function parseSites(value: string): string[] {
  if (/^\d+$/.test(value.trim())) {
    const count = Number(value);
    if (count < 1) throw new InvalidInputError(`--sites ${value}`, {}, 'Give at least one site');
    return defaultSiteNames(count);
  }
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function parseSize(value: string): Vec3 {
  const parts = value.toLowerCase().split(/[x×,]/).map(Number);
  if (parts.length !== 3 || parts.some((p) => !Number.isInteger(p))) {
    throw new InvalidInputError(`--size ${value} is not three whole numbers`, {}, 'Write it like 48x48x32');
  }
  return parts as Vec3;
}

function parseWhole(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidInputError(`${name} ${value} is not a whole number`, {}, `Give ${name} as an integer`);
  return n;
}

export function register(program: Command): void {
  program
    .command('generate-synthetic')
    .description('write a deterministic multi-centre phantom study (NIfTI images, lesion masks, cases.csv per site, manifest.json)')
    .requiredOption('--out <dir>', 'output folder (one sub-folder per site)')
    .option('--sites <n|names>', 'number of sites (north, south, east, west, central, …) or a comma-separated list of names', '3')
    .option('--cases <n>', 'cases per site', '40')
    .option('--seed <n>', 'random seed; the same seed gives byte-identical files', '7')
    .option('--size <XxYxZ>', 'volume size in voxels', '48x48x32')
    .option('--corrupt <ids>', 'comma-separated case ids whose image is written as garbage (quarantine tests)')
    .action(async (o: GenerateOptions) => {
      const outDir = resolve(o.out);
      const started = Date.now();
      const manifest = await generateSyntheticStudy({
        outDir,
        sites: parseSites(o.sites),
        casesPerSite: parseWhole('--cases', o.cases),
        seed: parseWhole('--seed', o.seed),
        size: parseSize(o.size),
        corruptCases: o.corrupt ? o.corrupt.split(',').map((s) => s.trim()).filter(Boolean) : [],
        onCase: (done, total) => {
          const elapsed = (Date.now() - started) / 1000;
          const eta = done < total ? `, ETA ${((elapsed / done) * (total - done)).toFixed(1)} s` : '';
          // Redraw in place on a terminal; in logs, one line per tenth of the work.
          if (process.stderr.isTTY) process.stderr.write(`\rgenerating cases: ${done}/${total}${eta}   ${done === total ? '\n' : ''}`);
          else if (done === total || done % Math.max(1, Math.floor(total / 10)) === 0) process.stderr.write(`generating cases: ${done}/${total}${eta}\n`);
        },
      });
      for (const s of manifest.sites) console.log(`${s.site}: ${s.cases} cases (${s.positives} positive) → ${resolve(outDir, s.table)}`);
      console.log(`manifest: ${resolve(outDir, 'manifest.json')} (${manifest.files.length} files, seed ${manifest.seed}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    });
}
