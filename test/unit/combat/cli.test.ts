/**
 * The `combat`, `combat-apply` and `icc` commands on files, checked against the reference outputs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { csvToTable } from '../../../core/tables/csv.js';
import { readParquet } from '../../../core/tables/parquet.js';
import { runCombatApplyCli, runCombatCli } from '../../../cli/commands/combat.js';
import { runIccCli } from '../../../cli/commands/icc.js';
import { describeWithRefdata, refdataPath } from '../../helpers/refdata.js';

const dir = mkdtempSync(join(tmpdir(), 'cohortflow-combat-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** refdata's features × samples matrix as a cases × features CSV with batch and gender columns. */
function writeCasesCsv(path: string, cols: number[]): void {
  const rows = readFileSync(refdataPath('combat/input/testdata.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const cov = readFileSync(refdataPath('combat/input/covariates.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const header = ['case_id', 'scanner', 'gender', ...rows.map((_, f) => `f${f + 1}`)];
  const lines = cols.map((j) => [`s${j + 1}`, cov[j][2], cov[j][3], ...rows.map((r) => r[j])].join(','));
  writeFileSync(path, [header.join(','), ...lines].join('\n') + '\n');
}

function expected(file: string, hasHeader: boolean): number[][] {
  return readFileSync(refdataPath('combat', file), 'utf8').trim().split('\n').slice(hasHeader ? 1 : 0).map((l) => l.split(',').map(Number));
}

describeWithRefdata('combat')('cohortflow combat and combat-apply', () => {
  it('harmonizes a CSV as neuroCombat does and writes estimates and diagnostics', () => {
    const input = join(dir, 'cases.csv');
    writeCasesCsv(input, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const r = runCombatCli({ in: input, batch: 'scanner', categorical: 'gender', eb: true, nonparametric: true, diagnostics: join(dir, 'diag.json') });
    expect(r.out).toBe(join(dir, 'cases.combat.csv'));
    const t = csvToTable(readFileSync(r.out, 'utf8'));
    const exp = expected('expected/python/testdata_combat_nonparametric_adjusted_python.csv', false);
    let worst = 0;
    exp.forEach((row, f) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - (t.columns[`f${f + 1}`] as Float64Array)[j])))));
    expect(worst).toBeLessThanOrEqual(1e-6);
    expect(t.columns.case_id).toEqual(Array.from({ length: 10 }, (_, j) => `s${j + 1}`));
    const diag = JSON.parse(readFileSync(join(dir, 'diag.json'), 'utf8'));
    expect(diag.before.pValues).toHaveLength(200);
    expect(diag.after.fractionSignificant).toBeLessThan(diag.before.fractionSignificant);
    expect(r.summary).toMatch(/200 features × 10 cases, batches 1 \(5\), 2 \(5\)/);
  });

  it('applies saved estimates to new cases as neuroCombatFromTraining, to Parquet', () => {
    const train = join(dir, 'train.csv');
    writeCasesCsv(train, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const fit = runCombatCli({ in: train, batch: 'scanner', categorical: 'gender', eb: true, out: join(dir, 'train.out.parquet') });
    expect(fit.estimates).toBe(join(dir, 'train.out.estimates.json'));
    const fresh = join(dir, 'new.csv');
    writeCasesCsv(fresh, [0, 1, 5, 6]);
    const r = runCombatApplyCli({ estimates: fit.estimates, in: fresh, out: join(dir, 'new.parquet'), mode: 'training-mean' });
    const t = readParquet(r.out);
    const exp = expected('expected/training/training_test_scenario2_r.csv', true);
    let worst = 0;
    exp.forEach((row, f) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - (t.columns[`f${f + 1}`] as Float64Array)[j])))));
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it('refuses an unknown --mode and a batch column that does not exist', () => {
    const input = join(dir, 'cases2.csv');
    writeCasesCsv(input, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => runCombatCli({ in: input, batch: 'site', eb: true })).toThrow(/no batch column "site"/);
    const fit = runCombatCli({ in: input, batch: 'scanner', eb: true });
    expect(() => runCombatApplyCli({ estimates: fit.estimates, in: input, mode: 'both' })).toThrow(/--mode must be/);
  });
});

describeWithRefdata('icc')('cohortflow icc', () => {
  it('writes all six forms for a long table and one with --form', () => {
    const out = join(dir, 'icc.csv');
    const all = runIccCli({ in: refdataPath('icc/pingouin_wine_long.csv'), out });
    expect(all.rows).toHaveLength(6);
    const icc3 = all.rows.find((r) => r.form === 'ICC(3,1)')!;
    expect(icc3.icc as number).toBeCloseTo(0.729486500794, 9);
    expect(csvToTable(readFileSync(out, 'utf8')).columns.form).toHaveLength(6);
    const one = runIccCli({ in: refdataPath('icc/shrout_fleiss_1979_long.csv'), form: '2,k' });
    expect(one.rows).toHaveLength(1);
    expect(one.rows[0].icc as number).toBeCloseTo(0.620050547599, 9);
  });
});
