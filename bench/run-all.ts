/** `npm run bench`: every benchmark in bench/, one after another, each printing its machine and ratios. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run-all.ts' && (!only.length || only.some((o) => f.includes(o))));
let failed = 0;
for (const f of benches) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
