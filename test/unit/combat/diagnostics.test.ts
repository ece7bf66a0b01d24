/**
 * On synthetic multi-scanner data with a real outcome effect, ComBat removes the site effect
 * (Kruskal–Wallis across scanners) while a fixed score's AUC for the outcome does not fall.
 */
import { describe, expect, it } from 'vitest';
import { combat } from '../../../plugins/combat/combat.js';
import { siteEffect } from '../../../plugins/combat/diagnostics.js';
import { rng } from './fixtures.js';

/** AUC by the Mann–Whitney statistic (no ties in continuous scores). */
function auc(score: Float64Array, label: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < score.length; i++) {
    if (label[i] !== 1) continue;
    for (let j = 0; j < score.length; j++) {
      if (label[j] !== 0) continue;
      pairs++;
      wins += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('site-effect diagnostics', () => {
  it('shows most features site-dependent before ComBat and few after, without losing the outcome signal', () => {
    const r = rng(42);
    const nPer = [120, 90, 150, 100];
    const batch = nPer.flatMap((k, b) => Array.from({ length: k }, () => `scanner${b + 1}`));
    const n = batch.length;
    // Outcome prevalence differs by site, as in real multi-centre data.
    const outcome = batch.map((b) => (r.uniform() < 0.3 + 0.1 * Number(b.slice(-1)) ? 1 : 0));
    const F = 60;
    const features = Array.from({ length: F }, (_, f) => {
      const shift = nPer.map(() => 1.5 * r.normal());
      const scale = nPer.map(() => 0.6 + 0.8 * r.uniform());
      const effect = f < 10 ? 0.8 : 0;
      return Float64Array.from({ length: n }, (_, i) => {
        const b = Number(batch[i].slice(-1)) - 1;
        return 5 + effect * outcome[i] + shift[b] + scale[b] * r.normal();
      });
    });
    const out = combat(
      { features, featureNames: features.map((_, f) => `f${f}`), batch, covariates: [{ name: 'outcome', type: 'categorical', values: outcome.map(String) }] },
      {},
    );
    const before = siteEffect(features, batch);
    const after = siteEffect(out.data, batch);
    expect(before.fractionSignificant).toBeGreaterThan(0.8);
    expect(after.fractionSignificant).toBeLessThan(0.2);
    expect(after.pca.x).toHaveLength(n);
    // The same story from sums alone (what the federated stage reports): ANOVA across batches.
    expect(out.estimates.batchEffect.fractionBefore).toBeGreaterThan(0.8);
    expect(out.estimates.batchEffect.fractionAfter).toBeLessThan(0.2);
    // A fixed model: the sum of the ten outcome-related features.
    const score = (cols: Float64Array[]) => Float64Array.from({ length: n }, (_, i) => cols.slice(0, 10).reduce((a, c) => a + c[i], 0));
    expect(auc(score(out.data), outcome)).toBeGreaterThanOrEqual(auc(score(features), outcome));
  });
});
