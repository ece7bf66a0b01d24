import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import compare, { compareParams } from '../../../plugins/evaluate/compare-models-plugin.js';
import { delongAuc, delongPairedTest, splitByLabel } from '../../../plugins/evaluate/delong.js';
import { xoshiro128 } from '../../../core/random.js';
import { checkPartial } from '../../../core/federated/privacy-guard.js';
import type { SiteTableContext } from '../../../core/plugin.js';
import type { Table } from '../../../core/tables/table.js';

describe('evaluate.compare (feature-set comparison)', () => {
  it('gives each model’s AUC and the paired DeLong test at a site, equal to computing them on the pooled scores', async () => {
    const rand = xoshiro128(4);
    const n = 150;
    const ids = Array.from({ length: n }, (_, i) => `c${i}`);
    const age = new Float64Array(n), tex = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      age[i] = rand() * 40 + 40;
      tex[i] = rand() * 2 - 1;
      y[i] = rand() < 1 / (1 + Math.exp(-(0.02 * (age[i] - 60) + 2 * tex[i]))) ? 1 : 0;
    }
    // Feature tables list cases in different orders: the plugin must pair them by case_id.
    const rev = [...ids].reverse();
    const models = { clinical: { features: ['age'], beta: [-1.2, 0.02] }, radiomic: { features: ['tex'], beta: [0.1, 2] } };
    const ctx: SiteTableContext = {
      site: 'north', stage: 'compare', log: pino({ level: 'silent' }), signal: new AbortController().signal,
      cases: { names: ['case_id', 'outcome'], columns: { case_id: ids, outcome: y } },
      table: async (s): Promise<Table> => (s === 'clin' ? { names: ['case_id', 'age'], columns: { case_id: ids, age } } : { names: ['case_id', 'tex'], columns: { case_id: rev, tex: Float64Array.from(rev, (id) => tex[Number(id.slice(1))]) } }),
      global: (s) => models[s as keyof typeof models],
    };
    const params = compareParams.parse({ models: { clinical: 'clin', radiomic: 'rad' } });
    const partial = await compare.local(ctx, params, null, 0);
    expect(() => checkPartial(partial, { site: 'north', stage: 'compare', siteCaseCount: n, minCount: 5 })).not.toThrow();
    const { global } = compare.aggregate([{ site: 'north', partial }], params, null, 0);
    const s = global.sites.north;
    const a = splitByLabel(y, Float64Array.from(age, (v) => -1.2 + 0.02 * v));
    const b = splitByLabel(y, Float64Array.from(tex, (v) => 0.1 + 2 * v));
    const da = delongAuc(a.cases, a.controls), db = delongAuc(b.cases, b.controls);
    expect(s.models.clinical.auc).toBeCloseTo(da.auc, 14);
    expect(s.models.radiomic.auc).toBeCloseTo(db.auc, 14);
    const t = delongPairedTest(da, db);
    expect(s.pairs[0].z).toBeCloseTo(t.z, 12);
    expect(s.pairs[0].pValue).toBeCloseTo(t.pValue, 12);
  });
});
