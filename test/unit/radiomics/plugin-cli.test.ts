import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { CaseContext } from '../../../core/plugin.js';
import { readParquet } from '../../../core/tables/parquet.js';
import { runRadiomics } from '../../../cli/commands/radiomics.js';
import plugin, { radiomicsParams } from '../../../plugins/radiomics/plugin.js';
import { builtinPlugins } from '../../../plugins/index.js';
import { refdataPath } from '../../helpers/refdata.js';

const have = existsSync(refdataPath('pyradiomics', 'breast1_image.nrrd'));
const img = refdataPath('pyradiomics', 'breast1_image.nrrd');
const msk = refdataPath('pyradiomics', 'breast1_label.nrrd');

describe.skipIf(!have)('features.radiomics plugin and cohortflow radiomics', () => {
  it('is registered as a built-in site plugin with a strict params schema', () => {
    expect(builtinPlugins.some((p) => p.id === 'features.radiomics')).toBe(true);
    expect(radiomicsParams.safeParse({ params: 'x.yaml', label: 1 }).success).toBe(true);
    expect(radiomicsParams.safeParse({ parmas: 'x.yaml' }).success).toBe(false);
  });

  it('returns one row of PyRadiomics-named features for a case, with an inline settings object', async () => {
    const ctx: CaseContext = {
      site: 'north', stage: 'rad',
      case: { caseId: 'b1', fields: {}, files: { image: img, mask: msk } },
      input: () => { throw new Error('no upstream stage'); },
      outputFile: (n, e) => join(tmpdir(), `${n}.${e}`),
      log: pino({ level: 'silent' }), signal: new AbortController().signal, heartbeat: () => {},
    };
    const params = radiomicsParams.parse({ params: { featureClass: { firstorder: [], shape: [] } } });
    const { row } = await plugin.processCase(ctx, params);
    // PyRadiomics baseline_firstorder.csv, column breast1.
    expect(row.original_firstorder_Mean).toBeCloseTo(131.12587412587413, 10);
    expect(row.original_shape_VoxelVolume).toBeGreaterThan(0);
    expect(row['diagnostics_Mask-original_VoxelNum']).toBe(143);
  });

  it('takes the mask from an upstream stage when maskFrom is set', async () => {
    const ctx = {
      site: 'north', stage: 'rad', case: { caseId: 'b1', fields: {}, files: { image: img } },
      input: (stage: string) => ({ row: {}, files: (stage === 'seg' ? { mask: msk } : {}) as Record<string, string> }),
      outputFile: (n: string, e: string) => join(tmpdir(), `${n}.${e}`),
      log: pino({ level: 'silent' }), signal: new AbortController().signal, heartbeat: () => {},
    } satisfies CaseContext;
    const { row } = await plugin.processCase(ctx, radiomicsParams.parse({ maskFrom: 'seg', params: { featureClass: { firstorder: [] } } }));
    expect(row.original_firstorder_Maximum).toBeGreaterThan(0);
  });

  it('runs a cases.csv batch, keeps going past a bad case and writes CSV, Parquet and JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rad-cli-'));
    writeFileSync(join(dir, 'params.yaml'), 'featureClass:\n  firstorder:\n  glcm: [Contrast]\n');
    writeFileSync(join(dir, 'cases.csv'), `case_id,image,mask\nb1,${img},${msk}\nbad,${join(dir, 'nope.nrrd')},${msk}\n`);
    const rows = await runRadiomics({ cases: join(dir, 'cases.csv'), params: join(dir, 'params.yaml'), threads: '1' });
    expect(rows.map((r) => r.case_id)).toEqual(['b1', 'bad']);
    expect(rows[0].original_glcm_Contrast).toBeGreaterThan(0);
    expect(String(rows[1].error)).toMatch(/InvalidInputError/);
    // Two workers, one case each: same values, same order, the bad case reported as a typed error.
    const parallel = await runRadiomics({ cases: join(dir, 'cases.csv'), params: join(dir, 'params.yaml'), threads: '2' });
    expect(parallel.map((r) => r.case_id)).toEqual(['b1', 'bad']);
    expect(parallel[0].original_glcm_Contrast).toBe(rows[0].original_glcm_Contrast);
    expect(String(parallel[1].error)).toMatch(/InvalidInputError/);
    const one = await runRadiomics({ image: img, mask: msk, params: join(dir, 'params.yaml'), label: '1' });
    expect(Object.keys(one[0]).filter((k) => k.startsWith('original_')).length).toBe(19);
    const { register } = await import('../../../cli/commands/radiomics.js');
    const { Command } = await import('commander');
    for (const ext of ['csv', 'parquet', 'json']) {
      const program = new Command();
      register(program);
      const out = join(dir, `out.${ext}`);
      await program.parseAsync(['node', 'x', 'radiomics', '--image', img, '--mask', msk, '--params', join(dir, 'params.yaml'), '--threads', '1', '--out', out]);
      expect(existsSync(out)).toBe(true);
    }
    expect(readParquet(join(dir, 'out.parquet')).names).toContain('original_glcm_Contrast');
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).original_glcm_Contrast).toBe(one[0].original_glcm_Contrast);
  });
});
