/**
 * `reliability.icc-table`: writes the pooled ICC results of a `reliability.icc` stage as
 * `icc.parquet` at the coordinator (one row per feature × form: ICC, F test, 95% CI, kept flag),
 * for the report and for readers outside cohortflow (pyarrow, DuckDB).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import { definePlugin } from '../../core/plugin.js';
import { writeParquet } from '../../core/tables/parquet.js';
import { tableFromRows, type Table } from '../../core/tables/table.js';
import type { IccGlobal } from './federated.js';
import { SHROUT_FLEISS } from './icc.js';

export const iccTableParams = z.object({
  /** The reliability.icc stage. */
  from: z.string().min(1),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'reliability.icc-table': z.input<typeof iccTableParams> }
}

/** One row per feature and ICC form. */
export function iccResultTable(g: IccGlobal): Table {
  const kept = new Set(g.kept);
  const rows = Object.entries(g.results).flatMap(([feature, results]) =>
    results.map((r) => ({
      feature,
      form: SHROUT_FLEISS[r.form],
      icc: r.icc,
      F: r.F,
      df1: r.df1,
      df2: r.df2,
      p_value: r.pValue,
      ci95_lower: r.ci95[0],
      ci95_upper: r.ci95[1],
      selection_form: SHROUT_FLEISS[r.form] === g.form ? 1 : 0,
      kept: kept.has(feature) ? 1 : 0,
    })),
  );
  return tableFromRows(rows, ['feature', 'form', 'icc', 'F', 'df1', 'df2', 'p_value', 'ci95_lower', 'ci95_upper', 'selection_form', 'kept']);
}

export default definePlugin({
  id: 'reliability.icc-table',
  version: '1.0.0',
  kind: 'central',
  description: 'Writes icc.parquet (every ICC form per feature with F test and 95% CI) from a reliability.icc stage',
  params: iccTableParams,
  async run(ctx, p) {
    const g = ctx.global(p.from) as IccGlobal | undefined;
    if (!g?.results) throw new InvalidInputError(`stage ${p.from} has no ICC results`, {}, 'Point from at a reliability.icc stage');
    const file = join(ctx.outputDir, 'icc.parquet');
    writeParquet(iccResultTable(g), file);
    return { file, features: Object.keys(g.results).length, kept: g.kept.length, form: g.form, threshold: g.threshold };
  },
});
