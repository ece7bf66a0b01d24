/**
 * Radiomics benchmark: per case and per family time on brain1 and breast1, for PyRadiomics' defaults
 * (original image, all classes) and for exampleCT.yaml (1 mm B-spline resampling, original + LoG σ 1–5
 * + coif1 wavelet), on one thread and on a worker pool; PyRadiomics timed in the same run when a Python
 * with `radiomics` is found (COHORTFLOW_PYRADIOMICS_PYTHON, else python3). Run: npx tsx bench/radiomics.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
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

const PY_SCRIPT = `
import sys, time, json, logging
import SimpleITK as sitk, radiomics
from radiomics import featureextractor
radiomics.logger.setLevel(logging.ERROR)
sitk.ProcessObject_SetGlobalDefaultNumberOfThreads(1)
d, params, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = {'version': radiomics.__version__}
for case in ['brain1', 'breast1']:
    for name, p in [('original', None), ('exampleCT', params)]:
        e = featureextractor.RadiomicsFeatureExtractor(p) if p else featureextractor.RadiomicsFeatureExtractor()
        img, msk = sitk.ReadImage(f'{d}/{case}_image.nrrd'), sitk.ReadImage(f'{d}/{case}_label.nrrd')
        e.execute(img, msk)
        ts = []
        for _ in range(repeats):
            t = time.perf_counter(); r = e.execute(img, msk); ts.append(time.perf_counter() - t)
        out[f'{case}/{name}'] = {'ms': sorted(ts)[len(ts)//2] * 1000, 'features': sum(1 for k in r if not k.startswith('diagnostics'))}
print(json.dumps(out))
`;

function pyradiomicsTimes(): Record<string, { ms: number; features: number }> & { version?: string } | null {
  const candidates = [process.env.COHORTFLOW_PYRADIOMICS_PYTHON, 'python3'].filter(Boolean) as string[];
  for (const py of candidates) {
    const probe = spawnSync(py, ['-c', 'import radiomics'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const out = execFileSync(py, ['-c', PY_SCRIPT, refdataPath('pyradiomics'), refdataPath('pyradiomics', 'exampleSettings', 'exampleCT.yaml'), String(REPEATS)], {
      encoding: 'utf8', maxBuffer: 1 << 24,
    });
    return JSON.parse(out.trim().split('\n').pop()!);
  }
  return null;
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} logical cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, Node ${process.versions.node}`);
  const settings: Record<string, RadiomicsSettings> = {
    original: defaultRadiomicsSettings(),
    exampleCT: parseSettingsYaml(readFileSync(refdataPath('pyradiomics', 'exampleSettings', 'exampleCT.yaml'), 'utf8')),
  };
  const pool = new WorkerPool(2);
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
      const one: number[] = [];
      const two: number[] = [];
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
      }
      families[`${c}/${name}`] = perFamily;
      rows.push({ case: c, settings: name, features: nFeatures, oneThreadMs: median(one), twoThreadsMs: median(two) });
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
  const py = pyradiomicsTimes();
  console.log(py ? `\nPyRadiomics ${py.version} (SimpleITK single-threaded), same machine, median of ${REPEATS}; cohortflow median of ${REPEATS} after ${WARMUP} warm-up runs` : '\nPyRadiomics: not installed (set COHORTFLOW_PYRADIOMICS_PYTHON to a python with radiomics) — ratios omitted');
  console.log('\n| case | settings | features | cohortflow 1 thread (ms) | cohortflow 2 threads (ms) | PyRadiomics (ms) | speed-up 1 thread | speed-up 2 threads |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const p = py?.[`${r.case}/${r.settings}`] as { ms: number; features: number } | undefined;
    const f = (x: number) => x.toFixed(0);
    const ratio = (x: number) => (p ? `${(p.ms / x).toFixed(2)}×` : '—');
    console.log(`| ${r.case} | ${r.settings} | ${r.features}${p ? ` (py ${p.features})` : ''} | ${f(r.oneThreadMs as number)} | ${f(r.twoThreadsMs as number)} | ${p ? f(p.ms) : '—'} | ${ratio(r.oneThreadMs as number)} | ${ratio(r.twoThreadsMs as number)} |`);
  }
}

await main();
