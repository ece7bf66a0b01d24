/**
 * `reliability.icc`: per-feature ICC from repeated measurements of the same cases, pooled across
 * sites. Each stage in `repeats` is one measurement (test and retest scans, or the same radiomics
 * stage run on perturbed masks — dilated, eroded — or perturbed images); cases present in every
 * repeat are the targets. One round: sites send per-feature ANOVA summaries (`SiteAnova`), the
 * coordinator computes the ICC form asked for with its F test and 95% CI, and keeps features at or
 * above the threshold. `apply` writes each site's first repeat restricted to the reliable features.
 */
import { z } from 'zod';
import { InvalidInputError, PrivacyViolationError } from '../../core/errors.js';
import { definePlugin, type Partial } from '../../core/plugin.js';
import type { Column } from '../../core/tables/table.js';
import { asText, featureColumns } from '../combat/site-table.js';
import { SHROUT_FLEISS, iccAll, parseIccForm, type IccResult } from './icc.js';
import { mergeSiteAnova, siteAnova, type SiteAnova } from './pooled.js';

export const iccParams = z.object({
  /** Upstream stages, one per repeated measurement of the same cases (at least two). */
  repeats: z.array(z.string()).min(2),
  features: z.string().optional(),
  /** ICC form, e.g. `3,1` (consistency, single measurement — the radiomics papers' choice). */
  form: z.string().default('3,1'),
  /** Keep features whose ICC is at least this. */
  threshold: z.number().default(0.75),
  minCount: z.number().int().positive().default(5),
});
export type IccParams = z.infer<typeof iccParams>;

export interface IccGlobal {
  form: string;
  threshold: number;
  /** ICC of the chosen form by feature (what `select.features` reads as `reliabilityFrom`). */
  icc: Record<string, number>;
  /** Every form per feature, with F test and CI. */
  results: Record<string, IccResult[]>;
  kept: string[];
  targets: number;
}

export default definePlugin({
  id: 'reliability.icc',
  version: '1.0.0',
  kind: 'federated',
  description: 'Per-feature ICC (six forms, F test, 95% CI) from repeated measurements, pooled across sites; filters unreliable features',
  params: iccParams,

  async local(ctx, p): Promise<Partial> {
    const tables = await Promise.all(p.repeats.map((s) => ctx.table(s)));
    const names = featureColumns(tables[0], { features: p.features, exclude: [] });
    for (const [r, t] of tables.entries()) {
      const missing = names.filter((f) => !(t.columns[f] instanceof Float64Array));
      if (missing.length) throw new InvalidInputError(`repeat ${p.repeats[r]} lacks features ${missing.slice(0, 5).join(', ')}`, { site: ctx.site });
    }
    const index = tables.map((t) => new Map(asText(t.columns.case_id).map((id, i) => [id, i])));
    const ids = [...index[0].keys()].filter((id) => index.every((m) => m.has(id)));
    // Targets with a missing value in any repeat of a feature are left out of that feature only.
    const summaries: SiteAnova[] = names.map((f) => {
      const rows = ids
        .map((id) => tables.map((t, r) => (t.columns[f] as Float64Array)[index[r].get(id) as number]))
        .filter((row) => row.every(Number.isFinite));
      return siteAnova(rows, tables.length);
    });
    const minCell = Math.min(...summaries.map((s) => s.n));
    if (minCell < p.minCount) {
      throw new PrivacyViolationError(`ICC sums would cover ${minCell} case(s), under minCount ${p.minCount}`, { site: ctx.site }, 'Add repeated measurements or leave this site out of the reliability stage');
    }
    return {
      count: ids.length,
      minCellCount: minCell,
      values: {
        features: names,
        n: summaries.map((s) => s.n),
        mean: summaries.map((s) => s.mean),
        colMeans: summaries.map((s) => s.colMeans),
        ssTotal: summaries.map((s) => s.ssTotal),
        ssRows: summaries.map((s) => s.ssRows),
      },
    };
  },

  aggregate(partials, p) {
    const form = parseIccForm(p.form);
    const names = partials[0].partial.values.features as string[];
    const k = p.repeats.length;
    const icc: Record<string, number> = {};
    const results: Record<string, IccResult[]> = {};
    names.forEach((f, i) => {
      const parts: SiteAnova[] = partials.map(({ site, partial: { values: v } }) => {
        if ((v.features as string[])[i] !== f) throw new InvalidInputError('the feature columns differ from the first site', { site });
        return {
          n: (v.n as number[])[i],
          k,
          mean: (v.mean as number[])[i],
          colMeans: (v.colMeans as number[][])[i],
          ssTotal: (v.ssTotal as number[])[i],
          ssRows: (v.ssRows as number[])[i],
        };
      });
      const all = iccAll(mergeSiteAnova(parts.filter((x) => x.n > 0)));
      results[f] = all;
      icc[f] = (all.find((r) => r.form === form) as IccResult).icc;
    });
    const kept = names.filter((f) => icc[f] >= p.threshold);
    const global: IccGlobal = { form: SHROUT_FLEISS[form], threshold: p.threshold, icc, results, kept, targets: partials.reduce((a, x) => a + x.partial.count, 0) };
    return { global, done: true };
  },

  async apply(ctx, p, global: IccGlobal) {
    const t = await ctx.table(p.repeats[0]);
    const dropped = new Set(Object.keys(global.icc).filter((f) => !global.kept.includes(f)));
    const names = t.names.filter((n) => !dropped.has(n));
    const columns: Record<string, Column> = Object.fromEntries(names.map((n) => [n, t.columns[n]]));
    return { table: { names, columns }, summary: { kept: global.kept.length, of: Object.keys(global.icc).length, form: global.form } };
  },
});

