/**
 * reliability.icc: ICC pooled across sites from per-site ANOVA summaries equals the ICC of the
 * pooled ratings, large feature offsets included; partials are aggregates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { readImage, writeNifti } from '../../../core/image/io.js';
import perturb, { perturbParams } from '../../../plugins/icc/perturb.js';
import { iccResultTable } from '../../../plugins/icc/table.js';
import { encodeParquet, decodeParquet } from '../../../core/tables/parquet.js';
import type { Column, Table } from '../../../core/tables/table.js';
import iccPlugin, { iccParams, type IccGlobal } from '../../../plugins/icc/federated.js';
import { iccAll, meanSquaresOf } from '../../../plugins/icc/icc.js';
import { arrayLengths, rng, runFederated, siteContext } from '../combat/fixtures.js';

const REPEATS = ['rad', 'rad_dilate', 'rad_erode'];
const NOISE = [0.1, 0.5, 1, 3];

/** Per site: one table per repeat; feature f has true spread 1 and repeat noise NOISE[f] (+ an offset of 1e6 on f3). */
function makeSite(seed: number, site: string, n: number) {
  const r = rng(seed);
  const ids = Array.from({ length: n }, (_, i) => `${site}-${i}`);
  const truth = NOISE.map(() => Float64Array.from({ length: n }, () => r.normal()));
  const bias = REPEATS.map(() => NOISE.map(() => 0.2 * r.normal()));
  const tables: Record<string, Table> = {};
  REPEATS.forEach((stage, k) => {
    const columns: Record<string, Column> = { case_id: ids };
    NOISE.forEach((s, f) => {
      columns[`f${f}`] = Float64Array.from(truth[f], (v) => (f === 3 ? 1e6 : 0) + v + bias[k][f] + s * r.normal());
    });
    tables[stage] = { names: ['case_id', ...NOISE.map((_, f) => `f${f}`)], columns };
  });
  const cases: Table = { names: ['case_id'], columns: { case_id: ids } };
  return { site, n, tables, ctx: siteContext(site, 'icc', tables, cases) };
}

describe('reliability.icc across sites', () => {
  const sites = [makeSite(1, 'north', 40), makeSite(2, 'south', 25), makeSite(3, 'east', 33)];

  it('equals the ICC of the pooled ratings to 1e-9 for all six forms and filters at ICC(3,1) ≥ 0.75', async () => {
    const run = await runFederated(iccPlugin, iccParams.parse({ repeats: REPEATS }), sites);
    const g = run.global as IccGlobal;
    NOISE.forEach((_, f) => {
      const rows = sites.flatMap((s) => Array.from({ length: s.n }, (_, i) => REPEATS.map((st) => (s.tables[st].columns[`f${f}`] as Float64Array)[i])));
      const central = iccAll(meanSquaresOf(rows, 3));
      central.forEach((c, j) => {
        const fed = g.results[`f${f}`][j];
        expect(fed.form).toBe(c.form);
        expect(Math.abs(fed.icc - c.icc)).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(fed.ci95[0] - c.ci95[0])).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(fed.pValue - c.pValue)).toBeLessThanOrEqual(1e-9);
      });
    });
    expect(g.form).toBe('ICC(3,1)');
    expect(g.kept).toEqual(['f0', 'f1']);
    expect(g.targets).toBe(98);
    expect(run.applied.south.names).toEqual(['case_id', 'f0', 'f1']);
    // icc.parquet: six forms per feature, readable back.
    const table = decodeParquet(encodeParquet(iccResultTable(g)));
    expect(table.columns.feature).toHaveLength(24);
    expect(Array.from(table.columns.kept as Float64Array).filter((k) => k === 1)).toHaveLength(12);
    expect((table.columns.icc as Float64Array)[2]).toBeCloseTo(g.icc.f0, 12);
    for (const { partial, siteCases } of run.sent) {
      expect(partial.minCellCount).toBe(siteCases);
      for (const value of Object.values(partial.values)) expect(arrayLengths(value).includes(siteCases)).toBe(false);
    }
  });

  it('refuses a site with fewer targets than minCount', async () => {
    const tiny = makeSite(4, 'tiny', 4);
    await expect(iccPlugin.local(tiny.ctx, iccParams.parse({ repeats: REPEATS }), null, 0)).rejects.toThrow(/4 case\(s\), under minCount 5/);
  });
});

describe('reliability.perturb', () => {
  it('dilates and erodes the mask by one voxel and adds reproducible noise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohortflow-perturb-'));
    try {
      const size: [number, number, number] = [9, 9, 9];
      const mask = new Uint8Array(729);
      const data = new Float32Array(729);
      for (let z = 0; z < 9; z++) for (let y = 0; y < 9; y++) for (let x = 0; x < 9; x++) {
        const i = x + 9 * (y + 9 * z);
        mask[i] = x >= 3 && x <= 5 && y >= 3 && y <= 5 && z >= 3 && z <= 5 ? 1 : 0;
        data[i] = 100 + x + y + z;
      }
      const geo = { size, spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
      await writeNifti(join(dir, 'img.nii.gz'), { ...geo, data });
      await writeNifti(join(dir, 'mask.nii.gz'), { ...geo, data: mask });
      let k = 0;
      const ctx = {
        site: 'north',
        stage: 'perturb',
        case: { caseId: 'c1', fields: {}, files: { image: join(dir, 'img.nii.gz'), mask: join(dir, 'mask.nii.gz') } },
        input: () => {
          throw new Error('no upstream');
        },
        outputFile: (name: string, ext: string) => join(dir, `${name}-${k++}${ext}`),
        log: pino({ enabled: false }),
        signal: new AbortController().signal,
        heartbeat: () => {},
      };
      const dil = await perturb.processCase(ctx, perturbParams.parse({ operation: 'dilate' }));
      const ero = await perturb.processCase(ctx, perturbParams.parse({ operation: 'erode' }));
      // A 3×3×3 cube grows by the 6-neighbourhood shell at radius 1 mm (27 + 6·9) and shrinks to its centre.
      expect(dil.row.perturb_mask_voxels).toBe(81);
      expect(ero.row.perturb_mask_voxels).toBe(1);
      const n1 = await perturb.processCase(ctx, perturbParams.parse({ operation: 'none', noise: 0.1 }));
      const n2 = await perturb.processCase(ctx, perturbParams.parse({ operation: 'none', noise: 0.1 }));
      const a = (await readImage(n1.files!.image)).data;
      const b = (await readImage(n2.files!.image)).data;
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(a[0]).not.toBe(data[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
