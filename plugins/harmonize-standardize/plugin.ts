/**
 * `harmonize.standardize`: pooled z-scoring across sites. Each site sends per-feature sums and
 * sums of squares; the coordinator pools mean and variance; each site z-scores its own rows.
 * Equals z-scoring the pooled table, without pooling it.
 */
import { z } from 'zod';
import { definePlugin } from '../../core/plugin.js';
import { featureNames } from '../../core/tables/join.js';
import { numericColumn, rowCount, type Table } from '../../core/tables/table.js';
import { InvalidInputError } from '../../core/errors.js';

export const standardizeParams = z.object({
  /** The upstream stage whose table holds the features. */
  from: z.string(),
  /** Regular expression selecting feature columns. @default every numeric column */
  features: z.string().optional(),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'harmonize.standardize': z.input<typeof standardizeParams> }
}

export interface StandardizeGlobal {
  features: string[];
  mean: number[];
  sd: number[];
  count: number;
}

export default definePlugin({
  id: 'harmonize.standardize',
  version: '1.0.0',
  kind: 'federated',
  description: 'Z-scores features with the pooled mean and standard deviation of all sites',
  params: standardizeParams,
  async local(ctx, params) {
    const t = await ctx.table(params.from);
    const names = featureNames(t, { pattern: params.features });
    if (names.length === 0) throw new InvalidInputError(`no numeric feature column in the table of stage ${params.from}`, { site: ctx.site });
    const sum: number[] = [], sumSq: number[] = [];
    for (const n of names) {
      const c = numericColumn(t, n);
      let s = 0, s2 = 0;
      for (const v of c) { s += v; s2 += v * v; }
      sum.push(s); sumSq.push(s2);
    }
    return { count: rowCount(t), values: { features: names, sum, sumSq } };
  },
  aggregate(partials) {
    const features = partials[0].partial.values.features as string[];
    for (const { site, partial } of partials) {
      const f = partial.values.features as string[];
      if (f.join('\u0000') !== features.join('\u0000')) throw new InvalidInputError(`site ${site} has other feature columns than site ${partials[0].site}`, { site }, 'Run the same feature stage with the same settings at every site');
    }
    const n = partials.reduce((a, p) => a + p.partial.count, 0);
    const mean = features.map((_, j) => partials.reduce((a, p) => a + (p.partial.values.sum as number[])[j], 0) / n);
    // Sample variance (n − 1) from uncentered sums, as the pooled table's sd() would give.
    const sd = features.map((_, j) => {
      const s2 = partials.reduce((a, p) => a + (p.partial.values.sumSq as number[])[j], 0);
      const v = (s2 - n * mean[j] * mean[j]) / (n - 1);
      return Math.sqrt(Math.max(v, 0));
    });
    return { global: { features, mean, sd, count: n } satisfies StandardizeGlobal, done: true };
  },
  async apply(ctx, params, global: StandardizeGlobal) {
    const t = await ctx.table(params.from);
    const out: Table = { names: ['case_id', ...global.features], columns: { case_id: t.columns.case_id } };
    global.features.forEach((name, j) => {
      const c = numericColumn(t, name);
      const sd = global.sd[j] > 0 ? global.sd[j] : 1; // a constant feature stays 0, not NaN
      out.columns[name] = Float64Array.from(c, (v) => (v - global.mean[j]) / sd);
    });
    return { table: out, summary: { rows: rowCount(t), features: global.features.length } };
  },
});
