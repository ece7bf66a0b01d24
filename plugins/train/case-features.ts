/**
 * `features.fromCases`: turns numeric columns of a site's cases.csv into the stage table, for
 * studies whose features were computed elsewhere (a published radiomics table, clinical
 * variables, gene expression). A non-numeric cell is an error naming the case and column.
 */
import { z } from 'zod';
import { definePlugin } from '../../core/plugin.js';
import { InvalidInputError } from '../../core/errors.js';

export const caseFeaturesParams = z.object({
  /** Regular expression selecting the feature columns of cases.csv. */
  pattern: z.string(),
  /** Columns never taken as features (e.g. the outcome). @default [] */
  exclude: z.array(z.string()).default([]),
  /** Empty or NA cells: keep as missing (null) or refuse the case. @default 'refuse' */
  missing: z.enum(['keep', 'refuse']).default('refuse'),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'features.fromCases': z.input<typeof caseFeaturesParams> }
}

export default definePlugin({
  id: 'features.fromCases',
  version: '1.0.0',
  kind: 'site',
  description: 'Takes numeric feature columns from cases.csv as the stage table (precomputed features)',
  params: caseFeaturesParams,
  async processCase(ctx, params) {
    const re = new RegExp(params.pattern);
    const row: Record<string, number | null> = {};
    for (const [name, raw] of Object.entries(ctx.case.fields)) {
      if (!re.test(name) || params.exclude.includes(name)) continue;
      const v = raw.trim();
      if (v === '' || v === 'NA') {
        if (params.missing === 'refuse') throw new InvalidInputError(`feature ${name} is empty`, { site: ctx.site, caseId: ctx.case.caseId }, 'Fill the value, drop the case, or set missing: "keep"');
        row[name] = null;
        continue;
      }
      const x = Number(v);
      if (!Number.isFinite(x)) throw new InvalidInputError(`feature ${name} is "${v}", not a number`, { site: ctx.site, caseId: ctx.case.caseId }, 'Fix the cell or exclude the column');
      row[name] = x;
    }
    if (!Object.keys(row).length) throw new InvalidInputError(`no column of cases.csv matches /${params.pattern}/`, { site: ctx.site, caseId: ctx.case.caseId }, 'Check params.pattern against the cases.csv header');
    return { row };
  },
});
