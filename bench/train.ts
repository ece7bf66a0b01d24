/**
 * LASSO path + 10-fold CV (deviance) on the pooled Hosny 2018 table (683 × 984), ours versus
 * glmnet 4.1 when R is installed (`apt-get install r-cran-glmnet`), else versus a 2 s budget.
 * Prints the machine, both timings (CPU user time for R), and whether λ.min / λ.1se agree.
 * Usage: tsx bench/train.ts [table.csv.gz] [repeats]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { readCsvTable } from '../core/tables/csv.js';
import { cvGlmnet } from '../plugins/train/glmnet-cv.js';
import { numericColumn } from '../core/tables/table.js';

const table = resolve(process.argv[2] ?? '../shared/refdata/tabular/hosny2018_multicenter/hosny2018_3sites_all_features.csv.gz');
const repeats = Number(process.argv[3] ?? 3);
const BUDGET_S = 2;

console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadavg().map((l) => l.toFixed(1)).join('/')}, node ${process.version}`);
let t = performance.now();
const data = readCsvTable(table);
const features = data.names.filter((n) => !['site', 'ID', 'Target'].includes(n));
const X = features.map((f) => numericColumn(data, f));
const y = numericColumn(data, 'Target');
const foldid = Array.from({ length: y.length }, (_, i) => (i % 10) + 1);
console.log(`data: ${y.length} × ${features.length} read in ${((performance.now() - t) / 1000).toFixed(2)} s`);

// Wall time and CPU (user) time: on a shared machine CPU time is the fair comparison with R's user.self.
const times: number[] = [];
const cpuTimes: number[] = [];
// One warm-up run lets V8 optimise the inner loops before timing.
let cv = cvGlmnet(X, y, { foldid });
for (let r = 0; r < repeats; r++) {
  t = performance.now();
  const c0 = process.cpuUsage();
  cv = cvGlmnet(X, y, { foldid });
  cpuTimes.push(process.cpuUsage(c0).user / 1e6);
  times.push((performance.now() - t) / 1000);
}
const best = Math.min(...cpuTimes);
console.log(`cohortflow: path (${cv.lambda.length} λ) + 10-fold CV: best CPU ${best.toFixed(2)} s of ${repeats} (wall ${times.map((x) => x.toFixed(2)).join(', ')} s); λ.min ${cv.lambdaMin.toPrecision(6)} (${cv.nzero[cv.indexMin]} features), λ.1se ${cv.lambda1se.toPrecision(6)}${cv.fit.warning ? `; ${cv.fit.warning}` : ''}`);

const rscript = spawnSync('Rscript', ['-e', 'cat(as.character(packageVersion("glmnet")))'], { encoding: 'utf8' });
if (rscript.status === 0) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-glmnet-'));
  const script = join(dir, 'bench.R');
  writeFileSync(script, `suppressMessages(library(glmnet))
d <- read.csv(gzfile(commandArgs(TRUE)[1])); x <- as.matrix(d[, -(1:3)]); y <- d$Target
foldid <- rep(1:10, length.out = nrow(x))
cv <- cv.glmnet(x, y, family = "binomial", foldid = foldid)
tm <- sapply(1:${repeats}, function(i) system.time(cv.glmnet(x, y, family = "binomial", foldid = foldid))[["user.self"]])
cat(min(tm), cv$lambda.min, cv$lambda.1se, cv$nzero[cv$index[1]], length(cv$lambda), "\\n")
`);
  const [rt, lmin, l1se, nz, nl] = execFileSync('Rscript', [script, table], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  const agree = Math.abs(lmin - cv.lambdaMin) / lmin < 1e-6 && Math.abs(l1se - cv.lambda1se) / l1se < 1e-6;
  console.log(`glmnet ${rscript.stdout.trim()}: best CPU ${rt.toFixed(2)} s of ${repeats}; λ.min ${lmin.toPrecision(6)} (${nz} features), λ.1se ${l1se.toPrecision(6)}, ${nl} λ`);
  console.log(`ratio cohortflow/glmnet: ${(best / rt).toFixed(2)}×; λ choices ${agree ? 'agree' : 'DIFFER'}`);
} else {
  console.log(`R/glmnet not available: budget ${BUDGET_S} s → ${best <= BUDGET_S ? 'within' : 'OVER'} budget`);
}
