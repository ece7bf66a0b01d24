import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../core/errors.js';
import { lbp2D } from '../../../plugins/radiomics/filters/lbp2d.js';
import { filterNames } from '../../../plugins/radiomics/filters/index.js';
import { defaultSettings } from '../../../plugins/radiomics/settings.js';

describe('lbp2D', () => {
  // One 3×3 slice, x fastest: the centre (value 5) sees 9 and 7 to its right and below-right, 1 elsewhere.
  const slice = Float64Array.from([1, 1, 1, 1, 5, 9, 1, 1, 7]);

  it('codes the centre as scikit-image does for each method (8 samples, radius 1)', () => {
    const code = (method: 'default' | 'ror' | 'uniform') => lbp2D(slice, [3, 3, 1], { radius: 1, samples: 8, method, axis: 0 })[4];
    // Sample 0 is (row 0, col +1) = 9 ≥ 5; sample 7 is (row +0.70711, col +0.70711): bilinear over 5, 9, 1, 7 ≥ 5.
    expect(code('default')).toBe(0b10000001);
    expect(code('ror')).toBe(0b00000011);
    expect(code('uniform')).toBe(2);
  });

  it('marks a pattern with more than two 0/1 changes as P + 1 under uniform', () => {
    // Right and left brighter, up and down darker: bits 1, 0, 1, 0 (three changes).
    const stripes = Float64Array.from([1, 1, 1, 9, 5, 9, 1, 1, 1]);
    expect(lbp2D(stripes, [3, 3, 1], { radius: 1, samples: 4, method: 'uniform', axis: 0 })[4]).toBe(5);
  });

  it('slices across the chosen axis: a pattern in the xz plane is seen with axis 1, not with axis 0', () => {
    // 3 (x) × 1 (y) × 3 (z): the slice is xz, rows = z, columns = x.
    const xz = slice;
    expect(lbp2D(xz, [3, 1, 3], { radius: 1, samples: 8, method: 'default', axis: 1 })[4]).toBe(0b10000001);
    expect(lbp2D(xz, [3, 1, 3], { radius: 1, samples: 8, method: 'default', axis: 0 })[4]).not.toBe(0b10000001);
  });

  it('refuses a method it does not implement, naming the setting', () => {
    expect(() => filterNames('LBP2D', { ...defaultSettings(), lbp2DMethod: 'var' })).toThrow(InvalidInputError);
    expect(() => filterNames('LBP2D', { ...defaultSettings(), lbp2DMethod: 'var' })).toThrow(/lbp2DMethod 'var'/);
  });
});
