import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StageDir } from '../../../core/artifacts/stage-dir.js';
import { writeStageOutputs } from '../../../core/artifacts/stage-table.js';
import { cacheKey } from '../../../core/artifacts/cache.js';
import { readParquet, writeParquet } from '../../../core/tables/parquet.js';
import { csvToTable, tableToCsv } from '../../../core/tables/csv.js';
import { tempDir } from '../../helpers/temporal.js';

describe('the artifact store', () => {
  it('commits a case only when its row is written, after its files', () => {
    const dir = new StageDir(join(tempDir('stage'), 'seg'));
    const tmp = dir.tempFile('c1', 'mask', '.nii.gz');
    writeFileSync(tmp, 'mask bytes');
    expect(dir.isCommitted('c1')).toBe(false);
    dir.commitCase('c1', { row: { volume: 3 }, files: { mask: tmp } }, 0.1);
    expect(dir.isCommitted('c1')).toBe(true);
    const up = dir.upstreamCase('c1')!;
    expect(readFileSync(up.files.mask, 'utf8')).toBe('mask bytes');
    expect(up.files.mask.endsWith('cases/c1.mask.nii.gz')).toBe(true);
  });

  it('writes the stage table in case order with quarantined cases apart', () => {
    const dir = new StageDir(join(tempDir('stage'), 'rad'));
    dir.commitCase('b', { row: { x: 2, label: 'two' } }, 0);
    dir.commitCase('a', { row: { x: 1, label: 'one' } }, 0);
    dir.quarantineCase({ caseId: 'c', errorType: 'InvalidInputError', reason: 'unreadable', file: '/d/c.nii' });
    const out = writeStageOutputs(dir, 'rad', ['a', 'b', 'c']);
    const t = readParquet(join(dir.path, 'rad.parquet'));
    expect(t.names).toEqual(['case_id', 'x', 'label']);
    expect(t.columns.case_id).toEqual(['a', 'b']);
    expect(Array.from(t.columns.x as Float64Array)).toEqual([1, 2]);
    expect(out.quarantined.map((q) => q.caseId)).toEqual(['c']);
    expect(readParquet(join(dir.path, 'quarantine.parquet')).columns.reason).toEqual(['unreadable']);
    expect(readdirSync(dir.path).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('keys the cache on params regardless of key order, and on every input', () => {
    const base = { pluginId: 'p', pluginVersion: '1', params: { a: 1, b: 2 }, inputs: { x: 'h1' }, dataset: 'd' };
    expect(cacheKey(base)).toBe(cacheKey({ ...base, params: { b: 2, a: 1 } }));
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, inputs: { x: 'h2' } }));
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, pluginVersion: '2' }));
  });
});

describe('tables', () => {
  it('round-trips numbers, NaN and text through Parquet', () => {
    const file = join(tempDir('pq'), 't.parquet');
    writeParquet({ names: ['case_id', 'v'], columns: { case_id: ['a', 'b', 'c'], v: Float64Array.from([1.5, NaN, -2]) } }, file);
    const t = readParquet(file);
    expect(t.columns.case_id).toEqual(['a', 'b', 'c']);
    expect(Array.from(t.columns.v as Float64Array)).toEqual([1.5, NaN, -2]);
    expect(existsSync(file)).toBe(true);
  });

  it('parses quoted CSV and types numeric columns', () => {
    const t = csvToTable('case_id,age,note\nn1,63,"a, b"\nn2,,"say ""hi"""\n');
    expect(Array.from(t.columns.age as Float64Array)).toEqual([63, NaN]);
    expect(t.columns.note).toEqual(['a, b', 'say "hi"']);
    expect(csvToTable(tableToCsv(t)).columns.note).toEqual(['a, b', 'say "hi"']);
  });
});
