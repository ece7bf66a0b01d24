/**
 * ICC against refdata/icc (pingouin / psych formulas): six forms, F, df, p to 1e-9; CIs to 1e-6.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { iccAll, meanSquaresOf, meanSquares, anovaSumsOf, type IccForm } from '../../plugins/icc/icc.js';
import { pivotRatings } from '../../plugins/icc/long-table.js';
import { describeWithRefdata, refdataPath } from '../helpers/refdata.js';

/** RFC 4180 rows (quoted fields may hold commas). */
function readCsv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((line) => [...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].filter((m) => m.index! < line.length || m[0] !== '').map((m) => m[2] ?? m[1]));
}

function load(file: string) {
  const [, ...rows] = readCsv(refdataPath('icc', file));
  return pivotRatings(rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => Number(r[2])));
}

describeWithRefdata('icc')('ICC conformance with pingouin', () => {
  const blocks = { shrout_fleiss_1979: load('shrout_fleiss_1979_long.csv'), pingouin_wine: load('pingouin_wine_long.csv') };
  const [head, ...expected] = readCsv(refdataPath('icc/expected_icc.csv'));
  const rows = expected.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));

  it('gives all six forms with F, df and p-value within 1e-9 and 95% CIs within 1e-6', () => {
    let checked = 0;
    for (const row of rows) {
      const block = blocks[row.dataset as keyof typeof blocks];
      const result = iccAll(meanSquaresOf(block.ratings, block.raters.length)).find((r) => r.form === (row.type_id as IccForm))!;
      expect(Math.abs(result.icc - Number(row.icc))).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(result.F - Number(row.F))).toBeLessThanOrEqual(1e-9 * Math.max(1, Number(row.F)));
      expect(result.df1).toBe(Number(row.df1));
      expect(result.df2).toBe(Number(row.df2));
      expect(Math.abs(result.pValue - Number(row.pval))).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(result.ci95[0] - Number(row.ci95_lower))).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(result.ci95[1] - Number(row.ci95_upper))).toBeLessThanOrEqual(1e-6);
      checked++;
    }
    console.log(`[icc conformance] ${checked}/12 forms match (ICC/F/p 1e-9, CI 1e-6)`);
    expect(checked).toBe(12);
  });

  it('reproduces the ANOVA mean squares, also from additive sums', () => {
    const [h, ...ms] = readCsv(refdataPath('icc/anova_mean_squares.csv'));
    for (const r of ms) {
      const row = Object.fromEntries(h.map((x, i) => [x, Number(r[i])]));
      const block = blocks[r[0] as keyof typeof blocks];
      for (const m of [meanSquaresOf(block.ratings, 4), meanSquares(anovaSumsOf(block.ratings, 4))]) {
        expect(m.msr).toBeCloseTo(row['MS_targets(MSR)'], 9);
        expect(m.msc).toBeCloseTo(row['MS_raters(MSC)'], 9);
        expect(m.mse).toBeCloseTo(row['MS_error(MSE)'], 9);
        expect(m.msw).toBeCloseTo(row['MS_within(MSW)'], 9);
      }
    }
  });
});
