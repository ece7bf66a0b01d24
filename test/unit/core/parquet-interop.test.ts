/**
 * Our Parquet files are plain Parquet: pyarrow (when Python has it) and parquetjs read what
 * parquet-wasm wrote, with the same values and column order.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import parquetjs from '@dsnp/parquetjs';
import { writeParquet } from '../../../core/tables/parquet.js';
import { tempDir } from '../../helpers/temporal.js';

const table = {
  names: ['case_id', 'original_firstorder_Mean', 'original_glcm_Contrast', 'note'],
  columns: {
    case_id: ['n-001', 'n-002', 'n-003'],
    original_firstorder_Mean: Float64Array.from([1.25, -3.5, 1e300]),
    original_glcm_Contrast: Float64Array.from([0.1, NaN, 7]),
    note: ['a', 'é', ''],
  },
};

const hasPyarrow = spawnSync('python3', ['-c', 'import pyarrow'], { encoding: 'utf8' }).status === 0;
if (!hasPyarrow) console.warn('[interop] skipped the pyarrow check: `python3 -m pip install pyarrow` to run it');

describe('Parquet interoperability', () => {
  it.skipIf(!hasPyarrow)('pyarrow reads our file with the same columns and values', () => {
    const file = join(tempDir('interop'), 'rad.parquet');
    writeParquet(table, file);
    const py = spawnSync('python3', ['-c', `
import json, math, pyarrow.parquet as pq
t = pq.read_table(${JSON.stringify(file)})
d = t.to_pydict()
print(json.dumps({"names": t.column_names, "mean": d["original_firstorder_Mean"], "contrast": [None if (v is None or math.isnan(v)) else v for v in d["original_glcm_Contrast"]], "note": d["note"], "ids": d["case_id"]}))
`], { encoding: 'utf8' });
    expect(py.stderr).toBe('');
    const out = JSON.parse(py.stdout);
    expect(out.names).toEqual(table.names);
    expect(out.ids).toEqual(table.columns.case_id);
    expect(out.mean).toEqual([1.25, -3.5, 1e300]);
    expect(out.contrast).toEqual([0.1, null, 7]);
    expect(out.note).toEqual(['a', 'é', '']);
  });

  it('parquetjs reads our file with the same rows', async () => {
    const file = join(tempDir('interop'), 'rad.parquet');
    writeParquet(table, file);
    const reader = await parquetjs.ParquetReader.openFile(file);
    const cursor = reader.getCursor();
    const rows: Record<string, unknown>[] = [];
    for (let r = await cursor.next(); r; r = await cursor.next()) rows.push(r as Record<string, unknown>);
    await reader.close();
    expect(rows.map((r) => r.case_id)).toEqual(['n-001', 'n-002', 'n-003']);
    expect(rows.map((r) => r.original_firstorder_Mean)).toEqual([1.25, -3.5, 1e300]);
    expect(rows[1].note).toBe('é');
  });
});
