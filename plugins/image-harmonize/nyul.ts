/**
 * `image.nyul`: Nyúl–Udupa standard landmarks learned across sites. Each site maps each case's
 * landmark percentiles (written by an `image.harmonize` stage as `nyul_p*`) onto the standard
 * scale [s1, s2] and sends only their sums and the number of cases (scalars: no per-case array);
 * the coordinator averages them into the standard landmarks, and `apply` writes them on every row
 * so that a following `image.harmonize` stage with `normalize: 'nyul'` can map each image.
 */
import { z } from 'zod';
import { InvalidInputError, PrivacyViolationError } from '../../core/errors.js';
import { definePlugin, type Partial } from '../../core/plugin.js';
import { rowCount, type Column } from '../../core/tables/table.js';
import { NYUL_PERCENTILES, mapToStandardScale } from './intensity.js';

export const nyulParams = z.object({
  /** The image.harmonize stage whose table holds nyul_p* landmarks. */
  from: z.string().min(1),
  s1: z.number().default(0),
  s2: z.number().default(100),
  minCount: z.number().int().positive().default(5),
});
export type NyulParams = z.infer<typeof nyulParams>;

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'image.nyul': z.input<typeof nyulParams> }
}

export interface NyulGlobal {
  percentiles: number[];
  standard: number[];
  cases: number;
}

export default definePlugin({
  id: 'image.nyul',
  version: '1.0.0',
  kind: 'federated',
  description: 'Nyúl histogram-standardization landmarks averaged across sites from per-site sums',
  params: nyulParams,

  async local(ctx, p): Promise<Partial> {
    const t = await ctx.table(p.from);
    const cols = NYUL_PERCENTILES.map((q) => {
      const c = t.columns[`nyul_p${q}`];
      if (!(c instanceof Float64Array)) throw new InvalidInputError(`stage ${p.from} has no nyul_p${q} column`, { site: ctx.site }, 'Run image.harmonize first');
      return c;
    });
    const sums = new Array<number>(NYUL_PERCENTILES.length).fill(0);
    let n = 0;
    for (let i = 0; i < rowCount(t); i++) {
      const l = cols.map((c) => c[i]);
      if (!l.every(Number.isFinite) || !(l[l.length - 1] > l[0])) continue;
      mapToStandardScale(l, p.s1, p.s2).forEach((v, k) => (sums[k] += v));
      n++;
    }
    if (n < p.minCount) throw new PrivacyViolationError(`landmark sums would cover ${n} case(s), under minCount ${p.minCount}`, { site: ctx.site });
    const values: Partial['values'] = {};
    NYUL_PERCENTILES.forEach((q, k) => (values[`sum_p${q}`] = sums[k]));
    return { count: n, minCellCount: n, values };
  },

  aggregate(partials) {
    const cases = partials.reduce((a, x) => a + x.partial.count, 0);
    const standard = NYUL_PERCENTILES.map((q) => partials.reduce((a, x) => a + (x.partial.values[`sum_p${q}`] as number), 0) / cases);
    const global: NyulGlobal = { percentiles: NYUL_PERCENTILES, standard, cases };
    return { global, done: true };
  },

  async apply(ctx, p, global: NyulGlobal) {
    const t = await ctx.table(p.from);
    const n = rowCount(t);
    const columns: Record<string, Column> = { case_id: t.columns.case_id };
    const names = ['case_id'];
    global.percentiles.forEach((q, k) => {
      columns[`nyul_std_p${q}`] = new Float64Array(n).fill(global.standard[k]);
      names.push(`nyul_std_p${q}`);
    });
    return { table: { names, columns }, summary: { cases: n } };
  },
});
