/**
 * Image-level harmonization: percentiles, Otsu body region, z-score, Nyúl standardization learned
 * across sites, and the image.harmonize stage on real NIfTI files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Image3D } from '../../../core/image/image.js';
import { readImage, writeNifti } from '../../../core/image/io.js';
import type { CaseContext } from '../../../core/plugin.js';
import type { Table } from '../../../core/tables/table.js';
import harmonize, { imageHarmonizeParams } from '../../../plugins/image-harmonize/plugin.js';
import nyul, { nyulParams, type NyulGlobal } from '../../../plugins/image-harmonize/nyul.js';
import { NYUL_PERCENTILES, bodyRegion, nyulApply, percentiles, regionValues, zscore } from '../../../plugins/image-harmonize/intensity.js';
import { arrayLengths, rng, runFederated, siteContext } from '../combat/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'cohortflow-image-harmonize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('intensity normalization', () => {
  it('takes percentiles by linear interpolation as numpy does', () => {
    expect(percentiles(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), [0, 25, 50, 99, 100])).toEqual([1, 3.25, 5.5, 9.91, 10]);
  });

  it('separates a bright body from a dark background with Otsu', () => {
    const data = Float32Array.from({ length: 1000 }, (_, i) => (i < 600 ? -1000 + (i % 7) : 40 + (i % 11)));
    const body = bodyRegion(data);
    expect(body.slice(0, 600).every((v) => v === 0)).toBe(true);
    expect(body.slice(600).every((v) => v === 1)).toBe(true);
  });

  it('z-scores so that the region has mean 0 and sd 1', () => {
    const r = rng(1);
    const data = Float32Array.from({ length: 500 }, () => 300 + 40 * r.normal());
    const region = Uint8Array.from({ length: 500 }, (_, i) => (i % 2 ? 1 : 0));
    zscore(data, region);
    const v = regionValues(data, region);
    const mean = v.reduce((a, x) => a + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1));
    expect(mean).toBeCloseTo(0, 5);
    expect(sd).toBeCloseTo(1, 5);
  });

  it('maps two scanners related by a linear intensity change onto the same standardized values', () => {
    const r = rng(2);
    const a = Float32Array.from({ length: 2000 }, () => Math.exp(r.normal()));
    const b = Float32Array.from(a, (x) => 2.5 * x + 100);
    const la = percentiles(Float64Array.from(a), NYUL_PERCENTILES);
    const lb = percentiles(Float64Array.from(b), NYUL_PERCENTILES);
    const standard = la.map((_, k) => k * 10);
    nyulApply(a, la, standard);
    nyulApply(b, lb, standard);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 2);
  });
});

/** A 12×10×8 phantom (1 × 1 × 2 mm): body of intensity ~scale·100+offset with a brighter cube lesion. */
function phantom(seed: number, scale: number, offset: number): { image: Image3D; mask: Image3D } {
  const r = rng(seed);
  const size: [number, number, number] = [12, 10, 8];
  const n = size[0] * size[1] * size[2];
  const data = new Float32Array(n);
  const mask = new Uint8Array(n);
  for (let z = 0; z < 8; z++) for (let y = 0; y < 10; y++) for (let x = 0; x < 12; x++) {
    const i = x + 12 * (y + 10 * z);
    const inBody = x > 1 && x < 10 && y > 1 && y < 8;
    const inLesion = x >= 4 && x <= 7 && y >= 3 && y <= 6 && z >= 2 && z <= 5;
    data[i] = inBody ? offset + scale * (100 + (inLesion ? 50 : 0) + 5 * r.normal()) : offset - 1000 * scale;
    mask[i] = inLesion ? 1 : 0;
  }
  const geo = { size, spacing: [1, 1, 2] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  return { image: { ...geo, data }, mask: { ...geo, data: mask } };
}

function caseContext(site: string, caseId: string, files: Record<string, string>, upstream: Record<string, Record<string, number>> = {}): CaseContext {
  return {
    site,
    stage: 'prep',
    case: { caseId, fields: {}, files },
    input(stage: string) {
      const row = upstream[stage];
      if (!row) throw new Error(`no upstream ${stage}`);
      return { row, files: {} };
    },
    outputFile: (name: string, ext: string) => join(dir, `${site}-${caseId}-${name}-${Math.round(Math.random() * 1e9)}${ext}`),
    log: pino({ enabled: false }),
    signal: new AbortController().signal,
    heartbeat: () => {},
  };
}

describe('image.harmonize stage', () => {
  it('resamples to 1 mm, clips and z-scores in the mask, writing NIfTI image and mask', async () => {
    const { image, mask } = phantom(3, 1, 0);
    const imagePath = join(dir, 'c1.nii.gz');
    const maskPath = join(dir, 'c1-mask.nii.gz');
    await writeNifti(imagePath, image);
    await writeNifti(maskPath, mask);
    const params = imageHarmonizeParams.parse({ spacing: [1, 1, 1], clipPercentiles: [1, 99], region: 'mask' });
    const out = await harmonize.processCase(caseContext('north', 'c1', { image: imagePath, mask: maskPath }), params);
    const img = await readImage(out.files!.image);
    const m = await readImage(out.files!.mask);
    expect(img.spacing.map((s) => Math.round(s * 1000) / 1000)).toEqual([1, 1, 1]);
    expect(img.size[2]).toBe(16);
    const v = regionValues(img.data, Uint8Array.from(m.data as ArrayLike<number>));
    expect(v.length).toBeGreaterThan(50);
    expect(v.reduce((a, x) => a + x, 0) / v.length).toBeCloseTo(0, 4);
    expect(out.row.hz_mean as number).toBeGreaterThan(140);
    expect(out.row.nyul_p50).toBeDefined();
  });

  it('learns Nyúl landmarks across two sites from scalar sums and maps both scanners to one scale', async () => {
    const tables: Record<string, Table> = {};
    const rows: Record<string, { id: string; row: Record<string, number>; path: string }[]> = { north: [], south: [] };
    for (const [site, scale, offset] of [['north', 1, 0], ['south', 2, 300]] as const) {
      for (let c = 0; c < 6; c++) {
        const { image } = phantom(10 + c, scale, offset);
        const path = join(dir, `${site}-${c}.nii.gz`);
        await writeNifti(path, image);
        const out = await harmonize.processCase(caseContext(site, `${site}-${c}`, { image: path }), imageHarmonizeParams.parse({ normalize: 'none', region: 'body' }));
        rows[site].push({ id: `${site}-${c}`, row: out.row as Record<string, number>, path });
      }
      const names = ['case_id', ...NYUL_PERCENTILES.map((q) => `nyul_p${q}`)];
      tables[site] = {
        names,
        columns: Object.fromEntries(names.map((n) => [n, n === 'case_id' ? rows[site].map((r) => r.id) : Float64Array.from(rows[site], (r) => r.row[n])])),
      };
    }
    const sites = ['north', 'south'].map((site) => ({ site, n: 6, ctx: siteContext(site, 'nyul', { prep: tables[site] }, { names: ['case_id'], columns: { case_id: rows[site].map((r) => r.id) } }) }));
    const run = await runFederated(nyul, nyulParams.parse({ from: 'prep' }), sites);
    const g = run.global as NyulGlobal;
    expect(g.cases).toBe(12);
    expect(g.standard[0]).toBeCloseTo(0, 12);
    expect(g.standard[g.standard.length - 1]).toBeCloseTo(100, 12);
    for (const { partial } of run.sent) for (const v of Object.values(partial.values)) expect(arrayLengths(v)).toEqual([]);
    // Apply: the same phantom seen by both scanners lands on the same standardized intensities.
    const std = Object.fromEntries(NYUL_PERCENTILES.map((q, k) => [`nyul_std_p${q}`, g.standard[k]]));
    const mapped = [];
    for (const site of ['north', 'south']) {
      const r0 = rows[site][0];
      const out = await harmonize.processCase(caseContext(site, r0.id, { image: r0.path }, { nyul: std }), imageHarmonizeParams.parse({ normalize: 'nyul', nyulFrom: 'nyul' }));
      mapped.push((await readImage(out.files!.image)).data);
    }
    let worst = 0;
    for (let i = 0; i < mapped[0].length; i++) worst = Math.max(worst, Math.abs(mapped[0][i] - mapped[1][i]));
    expect(worst).toBeLessThan(1e-2);
    expect(run.applied.south.columns.nyul_std_p50).toHaveLength(6);
  });
});
