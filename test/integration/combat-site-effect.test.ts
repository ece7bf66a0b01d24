/**
 * Issue 5 on OUR synthetic study (datasets/synthetic, three fixed scanner profiles): radiomic
 * features extracted per case show a site effect (Kruskal–Wallis across sites) in most features
 * before ComBat and in few after, while a fixed model's AUC at the held-out site does not fall.
 * No Temporal: the generator, extractor, ComBat and statistics are called directly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticStudy } from '../../datasets/synthetic/index.js';
import { readImage } from '../../core/image/io.js';
import { loadSettings } from '../../plugins/radiomics/load-settings.js';
import { extractFeatures } from '../../plugins/radiomics/extractor.js';
import { combat } from '../../plugins/combat/combat.js';
import { kruskalWallis } from '../../core/stats/kruskal-wallis.js';
import { fitLogistic } from '../../plugins/train/logistic-newton.js';
import { aucFromLabels } from '../../plugins/evaluate/auc-fast.js';

const SITES = ['north', 'south', 'east'];
const TRAIN_SITES = new Set(['north', 'south']);
/**
 * The fixed model's features, chosen from the generator's ground truth (phantom.ts: lesion
 * heterogeneity, contrast and size depend on the outcome) before looking at any ComBat output.
 */
const MODEL_FEATURES = ['original_firstorder_Variance', 'original_firstorder_Mean', 'original_glszm_ZoneEntropy'];

const tmp = mkdtempSync(join(tmpdir(), 'cohortflow-combat-site-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface CaseRow {
  site: string;
  outcome: number;
  age: number;
  sex: number;
  features: Record<string, number | string>;
}

function fractionSignificant(columns: Float64Array[], site: string[]): number {
  return columns.filter((c) => kruskalWallis(c, site).pValue < 0.05).length / columns.length;
}

/** Logistic model on z-scored features (z from the training rows), fit on the training rows only. */
function fitFixedModel(columns: Float64Array[], train: boolean[], outcome: number[]): (cols: Float64Array[]) => Float64Array {
  const idx = train.flatMap((t, i) => (t ? [i] : []));
  const mu = columns.map((c) => idx.reduce((a, i) => a + c[i], 0) / idx.length);
  const sd = columns.map((c, f) => Math.sqrt(idx.reduce((a, i) => a + (c[i] - mu[f]) ** 2, 0) / (idx.length - 1)));
  const p = columns.length + 1;
  const x = new Float64Array(idx.length * p);
  idx.forEach((i, r) => {
    x[r * p] = 1;
    columns.forEach((c, f) => (x[r * p + f + 1] = (c[i] - mu[f]) / sd[f]));
  });
  const y = Float64Array.from(idx, (i) => outcome[i]);
  const { beta } = fitLogistic({ x, y, n: idx.length, p }, { l2: 1 });
  return (cols) => Float64Array.from(cols[0], (_, i) => cols.reduce((a, c, f) => a + beta[f + 1] * ((c[i] - mu[f]) / sd[f]), beta[0]));
}

describe('ComBat on the synthetic three-site study', () => {
  it('removes the site effect (most → few features with Kruskal–Wallis p < 0.05) without lowering a fixed model\'s AUC', async () => {
    const t0 = performance.now();
    await generateSyntheticStudy({ outDir: tmp, sites: SITES, casesPerSite: 40, seed: 7, size: [32, 32, 16] });
    const settings = await loadSettings({
      setting: { binWidth: 25, label: 1 },
      imageType: { Original: {} },
      featureClass: { firstorder: null, glcm: null, glszm: null },
    });

    const rows: CaseRow[] = [];
    for (const site of SITES) {
      const lines = readFileSync(join(tmp, site, 'cases.csv'), 'utf8').trim().split('\n');
      const header = lines[0].split(',');
      const col = (name: string) => header.indexOf(name);
      for (const line of lines.slice(1)) {
        const v = line.split(',');
        const image = await readImage(join(tmp, site, v[col('image')]));
        const mask = await readImage(join(tmp, site, v[col('mask')]));
        const features = await extractFeatures(image, mask, settings, { where: { site, caseId: v[col('case_id')] } });
        rows.push({ site, outcome: Number(v[col('outcome')]), age: Number(v[col('age')]), sex: Number(v[col('sex')]), features });
      }
    }
    const tExtract = performance.now();

    // Numeric original_* features only; constant columns dropped (no diagnostics_*).
    const names = Object.keys(rows[0].features).filter(
      (k) => k.startsWith('original_') && rows.every((r) => typeof r.features[k] === 'number' && Number.isFinite(r.features[k])),
    );
    const allColumns = names.map((k) => Float64Array.from(rows, (r) => r.features[k] as number));
    const keep = allColumns.map((c) => c.some((x) => x !== c[0]));
    const featureNames = names.filter((_, f) => keep[f]);
    const raw = allColumns.filter((_, f) => keep[f]);
    const site = rows.map((r) => r.site);
    const outcome = rows.map((r) => r.outcome);
    expect(featureNames.length).toBeGreaterThan(20);
    for (const f of MODEL_FEATURES) expect(featureNames).toContain(f);

    // The fixed model, fit on the training sites' raw features before ComBat runs.
    const train = site.map((s) => TRAIN_SITES.has(s));
    const modelCols = (cols: Float64Array[]) => MODEL_FEATURES.map((f) => cols[featureNames.indexOf(f)]);
    const score = fitFixedModel(modelCols(raw), train, outcome);

    const out = combat({
      features: raw,
      featureNames,
      batch: site,
      covariates: [
        { name: 'age', type: 'continuous', values: Float64Array.from(rows, (r) => r.age) },
        { name: 'sex', type: 'categorical', values: rows.map((r) => String(r.sex)) },
      ],
    });

    const before = fractionSignificant(raw, site);
    const after = fractionSignificant(out.data, site);
    const east = site.map((s) => s === 'east');
    const eastAuc = (cols: Float64Array[]) => {
      const s = score(modelCols(cols));
      return aucFromLabels(outcome.filter((_, i) => east[i]), Array.from(s).filter((_, i) => east[i]));
    };
    const pooledAuc = (cols: Float64Array[]) => aucFromLabels(outcome, score(modelCols(cols)));
    const aucBefore = eastAuc(raw);
    const aucAfter = eastAuc(out.data);
    const tEnd = performance.now();
    console.log(
      `[combat-site-effect] ${featureNames.length} features, ${rows.length} cases; KW p<0.05 fraction before ${before.toFixed(3)} after ${after.toFixed(3)}; ` +
        `east AUC before ${aucBefore.toFixed(4)} after ${aucAfter.toFixed(4)}; pooled AUC before ${pooledAuc(raw).toFixed(4)} after ${pooledAuc(out.data).toFixed(4)}; ` +
        `generate+extract ${((tExtract - t0) / 1000).toFixed(1)} s, total ${((tEnd - t0) / 1000).toFixed(1)} s`,
    );

    expect(before).toBeGreaterThan(0.5);
    expect(after).toBeLessThan(0.2);
    expect(aucAfter).toBeGreaterThanOrEqual(aucBefore - 0.02);
  });
});
