/**
 * ComBat on bad or unusual input, and saved estimates applied to new cases.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError, NumericalError } from '../../../core/errors.js';
import { applyCombat } from '../../../plugins/combat/apply.js';
import { combat, type CombatInput } from '../../../plugins/combat/combat.js';
import type { CovariateColumn } from '../../../plugins/combat/design.js';
import { rng, synthetic } from './fixtures.js';

function input(nPerBatch: number[], nFeatures: number, seed = 11): CombatInput & { covariates: CovariateColumn[] } {
  const t = synthetic(seed, nPerBatch, nFeatures);
  const names = t.names.filter((n) => n.startsWith('feat_'));
  return {
    features: names.map((n) => t.columns[n] as Float64Array),
    featureNames: names,
    batch: t.columns.scanner as string[],
    covariates: [
      { name: 'age', type: 'continuous', values: t.columns.age as Float64Array },
      { name: 'sex', type: 'categorical', values: t.columns.sex as string[] },
    ],
  };
}

describe('ComBat on bad input', () => {
  it('refuses a batch of one case unless only means are adjusted', () => {
    const d = input([20, 1, 15], 8);
    expect(() => combat(d)).toThrow(InvalidInputError);
    expect(() => combat(d)).toThrow(/batch "S2" has 1 case.*meanOnly/);
    const meanOnly = combat(d, { meanOnly: true });
    expect(meanOnly.data.every((c) => c.every(Number.isFinite))).toBe(true);
  });

  it('refuses missing values and names the feature and row', () => {
    const d = input([10, 10], 5);
    d.features[3] = Float64Array.from(d.features[3]);
    d.features[3][7] = NaN;
    expect(() => combat(d)).toThrow(/missing or non-finite values in feat_3 \(1 missing, first at row 8\)/);
  });

  it('names a covariate confounded with batch', () => {
    const d = input([12, 12], 5);
    d.covariates.push({ name: 'scanner_copy', type: 'categorical', values: d.batch });
    expect(() => combat(d, {})).toThrow(NumericalError);
    expect(() => combat(d, {})).toThrow(/covariate scanner_copy\[S2\] is a linear combination/);
  });

  it('passes features constant within a batch through unchanged and keeps them out of the priors', () => {
    const d = input([15, 15, 15], 6);
    const withConstant = { ...d, features: [...d.features, new Float64Array(45).fill(3.25)], featureNames: [...d.featureNames, 'flat'] };
    const partly = Float64Array.from(d.features[0]);
    partly.fill(1, 15, 30); // constant in S2 only
    withConstant.features.push(partly);
    withConstant.featureNames.push('flat_in_S2');
    const a = combat(withConstant);
    const b = combat(d);
    expect(a.estimates.passthrough).toEqual(['flat', 'flat_in_S2']);
    expect(Array.from(a.data[6])).toEqual(Array.from(withConstant.features[6]));
    expect(Array.from(a.data[7])).toEqual(Array.from(partly));
    for (let f = 0; f < 6; f++) for (let i = 0; i < 45; i++) expect(a.data[f][i]).toBeCloseTo(b.data[f][i], 12);
  });

  it('refuses a reference batch that does not exist', () => {
    expect(() => combat(input([10, 10], 4), { refBatch: 'nope' })).toThrow(/reference batch "nope"/);
  });
});

describe('ComBat estimates applied to new cases', () => {
  it('reproduces the fit when applied per case to the training data', () => {
    const d = input([25, 30, 20], 12);
    const fit = combat(d);
    const again = applyCombat({ features: d.features, batch: d.batch, covariates: d.covariates }, fit.estimates, 'per-case');
    again.forEach((c, f) => c.forEach((v, i) => expect(v).toBeCloseTo(fit.data[f][i], 12)));
  });

  it('survives a JSON round trip of the estimates', () => {
    const d = input([25, 30], 6);
    const fit = combat(d, { refBatch: 'S1' });
    const est = JSON.parse(JSON.stringify(fit.estimates));
    const again = applyCombat({ features: d.features, batch: d.batch, covariates: d.covariates }, est);
    again.forEach((c, f) => c.forEach((v, i) => expect(v).toBeCloseTo(fit.data[f][i], 12)));
    // The reference batch is returned unchanged.
    d.batch.forEach((b, i) => b === 'S1' && expect(fit.data[0][i]).toBe(d.features[0][i]));
  });

  it('refuses a batch that was not in the training data', () => {
    const d = input([10, 10], 4);
    const fit = combat(d);
    expect(() => applyCombat({ features: d.features, batch: d.batch.map(() => 'S9'), covariates: d.covariates }, fit.estimates)).toThrow(
      /batches S9 are not part of the training data/,
    );
  });

  it('keeps non-parametric weights finite for a batch of thousands of cases, where the direct product underflows', () => {
    const r = rng(5);
    const n = 2400;
    const features = Array.from({ length: 5 }, (_, f) => Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 1 : 3) + f + r.normal()));
    const out = combat({ features, featureNames: features.map((_, f) => `f${f}`), batch: Array.from({ length: n }, (_, i) => (i < n / 2 ? 'a' : 'b')) }, { parametric: false });
    expect(out.data.every((c) => c.every(Number.isFinite))).toBe(true);
  });
});
