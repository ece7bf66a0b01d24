/**
 * Radiomics benchmark: per case and per family time on brain1 and breast1, for PyRadiomics' defaults
 * (original image, all classes) and for exampleCT.yaml (1 mm B-spline resampling, original + LoG σ 1–5
 * + coif1 wavelet), on one thread and on a worker pool; PyRadiomics timed run for run between ours when a Python
 * with `radiomics` is found (COHORTFLOW_PYRADIOMICS_PYTHON, else python3). Run: npx tsx bench/radiomics.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { readImage } from '../core/image/io.js';
import { extractFeatures } from '../plugins/radiomics/extractor.js';
import { defaultRadiomicsSettings, parseSettingsYaml, type RadiomicsSettings } from '../plugins/radiomics/settings.js';
import { WorkerPool } from '../plugins/radiomics/worker-pool.js';
import { refdataPath } from '../test/helpers/refdata.js';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CASES = ['brain1', 'breast1'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// PyRadiomics as a server: it times one extraction per request, so that its runs interleave with ours and both
// engines see the same machine (this VM's speed drifts by ±30 % over minutes).
const PY_SERVER = `
import sys, time, json, logging
import SimpleITK as sitk, radiomics
from radiomics import featureextractor
radiomics.logger.setLevel(logging.ERROR)
sitk.ProcessObject_SetGlobalDefaultNumberOfThreads(1)
d, params = sys.argv[1], sys.argv[2]
extractors = {'original': featureextractor.RadiomicsFeatureExtractor(), 'exampleCT': featureextractor.RadiomicsFeatureExtractor(params)}
images = {c: (sitk.ReadImage(f'{d}/{c}_image.nrrd'), sitk.ReadImage(f'{d}/{c}_label.nrrd')) for c in ['brain1', 'breast1']}
print(json.dumps({'version': radiomics.__version__}), flush=True)
for line in sys.stdin:
    case, name = line.split()
    t = time.perf_counter(); r = extractors[name].execute(*images[case]); ms = (time.perf_counter() - t) * 1000
    print(json.dumps({'ms': ms, 'features': sum(1 for k in r if not k.startswith('diagnostics'))}), flush=True)
`;

interface PyRadiomics {
  version: string;
  time(caseName: string, settings: string): Promise<{ ms: number; features: number }>;
  close(): void;
}

/** Starts the PyRadiomics server with the first Python that has `radiomics` (COHORTFLOW_PYRADIOMICS_PYTHON, else python3). */
async function startPyradiomics(): Promise<PyRadiomics | null> {
  const candidates = [process.env.COHORTFLOW_PYRADIOMICS_PYTHON, 'python3'].filter(Boolean) as string[];
  const py = candidates.find((c) => spawnSync(c, ['-c', 'import radiomics'], { encoding: 'utf8' }).status === 0);
  if (!py) return null;
  const child = spawn(py, ['-c', PY_SERVER, refdataPath('pyradiomics'), refdataPath('pyradiomics', 'exampleSettings', 'exampleCT.yaml')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string);
  const { version } = await next();
  return {
    version,
    async time(caseName, settings) {
      child.stdin.write(`${caseName} ${settings}\n`);
      return next();
    },
    close: () => child.stdin.end(),
  };
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} logical cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, Node ${process.versions.node}`);
  const settings: Record<string, RadiomicsSettings> = {
    original: defaultRadiomicsSettings(),
    exampleCT: parseSettingsYaml(readFileSync(refdataPath('pyradiomics', 'exampleSettings', 'exampleCT.yaml'), 'utf8')),
  };
  const pool = new WorkerPool(2);
  const py = await startPyradiomics();
  const rows: Array<Record<string, string | number>> = [];
  const families: Record<string, Record<string, number>> = {};
  for (const c of CASES) {
    const image = await readImage(refdataPath('pyradiomics', `${c}_image.nrrd`));
    const mask = await readImage(refdataPath('pyradiomics', `${c}_label.nrrd`));
    for (const [name, s] of Object.entries(settings)) {
      // Warm-up (JIT, worker start-up) before timing: a batch reaches steady state after a few cases.
      for (let w = 0; w < WARMUP; w++) {
        await extractFeatures(image, mask, s, { threads: 1 });
        await extractFeatures(image, mask, s, { pool });
      }
      await py?.time(c, name);
      const one: number[] = [];
      const two: number[] = [];
      const pyMs: number[] = [];
      let pyFeatures = 0;
      let perFamily: Record<string, number> = {};
      let nFeatures = 0;
      for (let r = 0; r < REPEATS; r++) {
        const timings: Record<string, number> = {};
        let t = performance.now();
        const row = await extractFeatures(image, mask, s, { threads: 1, timings });
        one.push(performance.now() - t);
        nFeatures = Object.keys(row).filter((k) => !k.startsWith('diagnostics_')).length;
        const agg: Record<string, number> = {};
        for (const [k, v] of Object.entries(timings)) {
          const key = k.startsWith('filter:') ? `filter ${k.slice(7).replace(/-mm-3D$/, '')}` : k.includes(':') ? k.split(':')[1] : k;
          agg[key] = (agg[key] ?? 0) + v;
        }
        perFamily = agg;
        t = performance.now();
        await extractFeatures(image, mask, s, { pool });
        two.push(performance.now() - t);
        if (py) {
          const p = await py.time(c, name);
          pyMs.push(p.ms);
          pyFeatures = p.features;
        }
      }
      families[`${c}/${name}`] = perFamily;
      rows.push({ case: c, settings: name, features: nFeatures, oneThreadMs: median(one), twoThreadsMs: median(two), ...(py ? { pyMs: median(pyMs), pyFeatures } : {}) });
    }
  }

  // Batch throughput: the same cases as whole-case jobs, one per worker at a time, vs one after another.
  const batch = CASES.flatMap((c) => [c, c]).map((c) => ({ image: refdataPath('pyradiomics', `${c}_image.nrrd`), mask: refdataPath('pyradiomics', `${c}_label.nrrd`) }));
  const batchTimes: Record<string, { one: number; two: number }> = {};
  const oneAfterAnother = async (s: RadiomicsSettings) => {
    for (const b of batch) {
      const [image, mask] = await Promise.all([readImage(b.image), readImage(b.mask)]);
      await extractFeatures(image, mask, s, { threads: 1 });
    }
  };
  const twoWorkers = async (s: RadiomicsSettings) => {
    let next = 0;
    await Promise.all([0, 1].map(async () => {
      while (next < batch.length) {
        const b = batch[next++];
        await pool.runCase({ ...b, settings: s, where: {} });
      }
    }));
  };
  for (const [name, s] of Object.entries(settings)) {
    // Untimed rounds first: each worker must reach the steady state the main thread is in (V8 needs a few cases
    // before the once-per-case loops of reading, resampling and shape are compiled).
    await oneAfterAnother(s);
    for (let w = 0; w < WARMUP; w++) await twoWorkers(s);
    let t = performance.now();
    await oneAfterAnother(s);
    const one = performance.now() - t;
    t = performance.now();
    await twoWorkers(s);
    batchTimes[name] = { one, two: performance.now() - t };
  }
  await pool.close();

  console.log('\nper family, one thread (ms, summed over image types):');
  for (const [k, v] of Object.entries(families)) {
    console.log(`  ${k}: ${Object.entries(v).map(([f, ms]) => `${f} ${ms.toFixed(0)}`).join(', ')}`);
  }
  console.log(`\nbatch of ${batch.length} cases (brain1, brain1, breast1, breast1), read + extract:`);
  for (const [name, t] of Object.entries(batchTimes)) {
    console.log(`  ${name}: one after another ${t.one.toFixed(0)} ms, two workers ${t.two.toFixed(0)} ms (${(t.one / t.two).toFixed(2)}×)`);
  }
  py?.close();
  console.log(py ? `\nPyRadiomics ${py.version} (SimpleITK single-threaded), same machine, its runs interleaved with ours; medians of ${REPEATS} after ${WARMUP} warm-up runs (PyRadiomics: 1)` : '\nPyRadiomics: not installed (set COHORTFLOW_PYRADIOMICS_PYTHON to a python with radiomics) — ratios omitted');
  console.log('\n| case | settings | features | cohortflow 1 thread (ms) | cohortflow 2 threads (ms) | PyRadiomics (ms) | speed-up 1 thread | speed-up 2 threads |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const pyMs = r.pyMs as number | undefined;
    const f = (x: number) => x.toFixed(0);
    const ratio = (x: number) => (pyMs ? `${(pyMs / x).toFixed(2)}×` : '—');
    console.log(`| ${r.case} | ${r.settings} | ${r.features}${pyMs ? ` (py ${r.pyFeatures})` : ''} | ${f(r.oneThreadMs as number)} | ${f(r.twoThreadsMs as number)} | ${pyMs ? f(pyMs) : '—'} | ${ratio(r.oneThreadMs as number)} | ${ratio(r.twoThreadsMs as number)} |`);
  }
}

await main();
