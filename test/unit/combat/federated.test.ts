/**
 * Federated ComBat (local/aggregate/apply called directly over in-memory sites) equals centralized
 * ComBat, also when a batch spans two sites, on the Hosny 2018 three-centre table and on synthetic
 * data; and its partials are aggregates only.
 */
import { describe, expect, it } from 'vitest';
import { PrivacyViolationError } from '../../../core/errors.js';
import type { Table } from '../../../core/tables/table.js';
import combatPlugin, { combatParams, type CombatGlobal } from '../../../plugins/combat/federated.js';
import { combat } from '../../../plugins/combat/combat.js';
import type { CovariateColumn } from '../../../plugins/combat/design.js';
import { describeWithRefdata } from '../../helpers/refdata.js';
import { arrayLengths, loadHosny, runFederated, selectTable, siteContext, synthetic, takeRows, type FederatedRun } from './fixtures.js';

const REL = 1e-9;

/** Splits `all` into sites by a row → site function; features go to stage `rad`, the rest to cases. */
function makeSites(all: Table, siteOf: (i: number) => string, featureCols: string[], caseCols: string[]) {
  const n = all.columns.case_id.length;
  const bySite = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const s = siteOf(i);
    bySite.set(s, [...(bySite.get(s) ?? []), i]);
  }
  return [...bySite].map(([site, rows]) => {
    const part = takeRows(all, rows);
    return {
      site,
      n: rows.length,
      ctx: siteContext(site, 'combat', { rad: selectTable(part, ['case_id', ...featureCols]) }, selectTable(part, ['case_id', ...caseCols])),
    };
  });
}

/** Max over features of |federated − central| / max(1, max |central|) after joining on case_id. */
function compare(all: Table, central: Float64Array[], features: string[], run: FederatedRun<CombatGlobal>): number {
  const ids = all.columns.case_id as string[];
  const at = new Map(ids.map((id, i) => [id, i]));
  let worst = 0;
  let seen = 0;
  for (const t of Object.values(run.applied)) {
    const tIds = t.columns.case_id as string[];
    features.forEach((name, f) => {
      const col = t.columns[name] as Float64Array;
      let scale = 1;
      for (const v of central[f]) scale = Math.max(scale, Math.abs(v));
      tIds.forEach((id, i) => {
        worst = Math.max(worst, Math.abs(col[i] - central[f][at.get(id)!]) / scale);
      });
    });
    seen += tIds.length;
  }
  expect(seen).toBe(ids.length);
  console.log(`[federated combat] ${features.length} features × ${seen} cases, max relative difference to central ${worst.toExponential(2)}`);
  return worst;
}

function centralCombat(all: Table, features: string[], batchCol: string, covs: CovariateColumn[], options: object) {
  return combat(
    { features: features.map((f) => all.columns[f] as Float64Array), featureNames: features, batch: all.columns[batchCol] as string[], covariates: covs },
    options,
  );
}

function expectPrivate(run: FederatedRun<CombatGlobal>, minCount: number): void {
  for (const { site, partial, siteCases } of run.sent) {
    expect(partial.count, `count at ${site}`).toBe(siteCases);
    expect(partial.minCellCount, `minCellCount at ${site}`).toBeGreaterThanOrEqual(minCount);
    for (const [key, value] of Object.entries(partial.values)) {
      expect(arrayLengths(value).includes(siteCases), `${site}: ${key} has an array of length ${siteCases}`).toBe(false);
    }
  }
}

describeWithRefdata('tabular')('federated ComBat on the Hosny 2018 three-centre table', () => {
  const all = loadHosny();
  const features = all.names.filter((n) => !['site', 'case_id', 'Target'].includes(n));
  const target: CovariateColumn = { name: 'Target', type: 'categorical', values: Array.from(all.columns.Target as Float64Array, String) };

  it('equals centralized ComBat to 1e-9 with one batch per site, preserving the outcome', async () => {
    const sites = makeSites(all, (i) => (all.columns.site as string[])[i], features, ['Target']);
    const params = combatParams.parse({ from: 'rad', batch: 'site', covariates: ['Target'], categorical: ['Target'] });
    const run = await runFederated(combatPlugin, params, sites);
    const central = centralCombat(all, features, 'site', [target], {});
    expect(run.rounds).toBe(3);
    expect(compare(all, central.data, features, run)).toBeLessThanOrEqual(REL);
    expectPrivate(run, 5);
  });

  it('equals centralized ComBat to 1e-9 when one centre spans two sites (batch column)', async () => {
    const site = all.columns.site as string[];
    // HarvardRT's cases are split between two hospitals; the batch is still the scanner centre.
    const siteOf = (i: number) => (site[i] === 'HarvardRT' ? (i % 2 === 0 ? 'harvard-a' : 'harvard-b') : site[i]);
    const withCentre: Table = { names: [...all.names, 'centre'], columns: { ...all.columns, centre: site } };
    const sites = makeSites(withCentre, siteOf, features, ['Target', 'centre']);
    expect(sites.length).toBe(4);
    for (const options of [{}, { parametric: false }, { refBatch: 'Maastro' }]) {
      const params = combatParams.parse({ from: 'rad', batch: 'centre', covariates: ['Target'], categorical: ['Target'], ...options });
      const run = await runFederated(combatPlugin, params, sites);
      const central = centralCombat(withCentre, features, 'centre', [target], options);
      expect(compare(withCentre, central.data, features, run)).toBeLessThanOrEqual(REL);
      expectPrivate(run, 5);
    }
  });
});

describe('federated ComBat on synthetic multi-scanner data', () => {
  const all = synthetic(7, [60, 80, 50], 40);
  const features = all.names.filter((n) => n.startsWith('feat_'));
  const covs: CovariateColumn[] = [
    { name: 'age', type: 'continuous', values: all.columns.age as Float64Array },
    { name: 'sex', type: 'categorical', values: all.columns.sex as string[] },
  ];
  // Scanner S2 is used at two hospitals; S1 only at north, S3 only at east.
  const siteOf = (i: number) => {
    const s = (all.columns.scanner as string[])[i];
    return s === 'S1' ? 'north' : s === 'S3' ? 'east' : i % 3 === 0 ? 'north' : 'south';
  };
  const sites = makeSites(all, siteOf, features, ['scanner', 'age', 'sex']);

  for (const [label, options] of [
    ['parametric', {}],
    ['non-parametric', { parametric: false }],
    ['mean-only', { meanOnly: true }],
    ['without empirical Bayes', { eb: false }],
    ['with a reference batch', { refBatch: 'S2' }],
  ] as const) {
    it(`equals centralized ComBat ${label} to 1e-9 with continuous and categorical covariates`, async () => {
      const params = combatParams.parse({ from: 'rad', batch: 'scanner', covariates: ['age', 'sex'], ...options });
      const run = await runFederated(combatPlugin, params, sites);
      const central = centralCombat(all, features, 'scanner', covs, options);
      expect(compare(all, central.data, features, run)).toBeLessThanOrEqual(REL);
      const g = run.global;
      if (g.phase !== 'done') throw new Error('not done');
      g.estimates.gammaStar.forEach((row, b) => row.forEach((v, f) => expect(Math.abs(v - central.estimates.gammaStar[b][f])).toBeLessThanOrEqual(REL)));
      g.estimates.batchEffect.pBefore.forEach((p, f) => expect(Math.abs(p - central.estimates.batchEffect.pBefore[f])).toBeLessThanOrEqual(REL));
      expectPrivate(run, 5);
    });
  }

  it('equals centralized ComBat when a site lacks a covariate level and a batch seen elsewhere', async () => {
    // A three-level categorical covariate whose level "C" exists only at south.
    const n = all.columns.case_id.length;
    const site = Array.from({ length: n }, (_, i) => siteOf(i));
    const grade = site.map((s, i) => (s === 'south' ? ['A', 'B', 'C'][i % 3] : ['A', 'B'][i % 2]));
    const withGrade: Table = { names: [...all.names, 'grade'], columns: { ...all.columns, grade } };
    const s3 = makeSites(withGrade, siteOf, features, ['scanner', 'age', 'sex', 'grade']);
    const params = combatParams.parse({ from: 'rad', batch: 'scanner', covariates: ['age', 'grade'] });
    const run = await runFederated(combatPlugin, params, s3);
    const central = centralCombat(withGrade, features, 'scanner', [covs[0], { name: 'grade', type: 'categorical', values: grade }], {});
    expect(compare(withGrade, central.data, features, run)).toBeLessThanOrEqual(REL);
    const g = run.global;
    if (g.phase !== 'done') throw new Error('not done');
    expect(g.estimates.covariateColumns).toEqual(['age', 'grade[B]', 'grade[C]']);
  });

  it('refuses a site whose batch or covariate level has fewer than minCount cases', async () => {
    const small = synthetic(3, [30, 3], 10);
    const f = small.names.filter((n) => n.startsWith('feat_'));
    const s = makeSites(small, () => 'only', f, ['scanner']);
    const params = combatParams.parse({ from: 'rad', batch: 'scanner', covariates: [] });
    await expect(combatPlugin.local(s[0].ctx, params, null, 0)).rejects.toThrow(PrivacyViolationError);
    await expect(combatPlugin.local(s[0].ctx, params, null, 0)).rejects.toThrow(/group of 3 case\(s\), under minCount 5/);
  });
});
