/**
 * IBSI 2 phase 2: intensity statistics of filter response maps of the CT phantom, for every filter (1 none,
 * 2 mean, 3 LoG, 4 Laws, 5 Gabor, 6 and 7 Daubechies 3, 8 and 9 Simoncelli), in 2D (.A) and 3D (.B).
 * Pass: |x − ref| ≤ tolerance.
 */
import { expect, it } from 'vitest';
import { describeWithRefdata } from '../helpers/refdata.js';
import { evaluateIbsi2, IBSI2_FILTERS } from './radiomics-ibsi2-data.js';

describeWithRefdata('ibsi/ibsi2')('IBSI 2 filter response maps', () => {
  for (const num of Object.keys(IBSI2_FILTERS)) {
    for (const variant of ['A', 'B']) {
      it(`matches every intensity statistic with a consensus value for filter ${num}.${variant} (${IBSI2_FILTERS[num]}, ${variant === 'A' ? '2D' : '3D'})`, async () => {
        const rows = await evaluateIbsi2(`${num}.${variant}`);
        // 18 statistics; 8.B has no consensus quartile coefficient of dispersion.
        expect(rows).toHaveLength(`${num}.${variant}` === '8.B' ? 17 : 18);
        expect(rows.filter((r) => !r.pass).map((r) => `${r.feature}: ${r.got} vs ${r.value} ± ${r.tolerance}`)).toEqual([]);
      }, 60_000);
    }
  }
});
