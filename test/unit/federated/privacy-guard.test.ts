import { describe, expect, it } from 'vitest';
import { checkPartial } from '../../../core/federated/privacy-guard.js';
import { PrivacyViolationError } from '../../../core/errors.js';

const ctx = { site: 'north', stage: 'model', siteCaseCount: 40, minCount: 5 };

describe('the privacy guard', () => {
  it('lets aggregates through', () => {
    expect(() => checkPartial({ count: 40, minCellCount: 12, values: { gradient: [1, 2, 3], hessian: [[1, 0], [0, 1]], n: 40 } }, ctx)).not.toThrow();
  });

  it('refuses a site with fewer than minCount cases', () => {
    expect(() => checkPartial({ count: 4, values: { sum: [1] } }, { ...ctx, siteCaseCount: 4 })).toThrow(PrivacyViolationError);
    expect(() => checkPartial({ count: 4, values: { sum: [1] } }, { ...ctx, siteCaseCount: 4 })).toThrow(/site north: .*4 cases, fewer than minCount 5/);
  });

  it('refuses a partial with a cell under minCount', () => {
    expect(() => checkPartial({ count: 40, minCellCount: 3, values: {} }, ctx)).toThrow(/cell .* holds 3 cases/);
  });

  it('refuses any array as long as the site\'s case count, flat or nested', () => {
    expect(() => checkPartial({ count: 40, values: { scores: new Array(40).fill(0.5) } }, ctx)).toThrow(/per-case array/);
    expect(() => checkPartial({ count: 40, values: { rows: [new Array(40).fill(0)] } }, ctx)).toThrow(/per-case array/);
    expect(() => checkPartial({ count: 40, values: { ids: new Array(40).fill('x') } }, ctx)).toThrow(/"ids"/);
  });
});
