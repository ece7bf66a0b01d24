import { describe, expect, it } from 'vitest';
import { linearShap } from '../../../plugins/train/linear-shap.js';
import { treeShap } from '../../../plugins/train/tree-shap.js';
import { predictMargin, type TreeEnsemble } from '../../../plugins/train/tree-model.js';

/** Shapley values by enumerating every coalition, for a value function v(S). */
function bruteShapley(M: number, v: (inS: boolean[]) => number): number[] {
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Array(M).fill(0);
  for (let mask = 0; mask < 1 << M; mask++) {
    const S = Array.from({ length: M }, (_, j) => ((mask >> j) & 1) === 1);
    const s = S.filter(Boolean).length;
    for (let j = 0; j < M; j++) {
      if (S[j]) continue;
      const withJ = [...S];
      withJ[j] = true;
      phi[j] += ((fact(s) * fact(M - s - 1)) / fact(M)) * (v(withJ) - v(S));
    }
  }
  return phi;
}

describe('SHAP values', () => {
  it('are exact for a linear model (equal to the enumerated Shapley values with mean imputation)', () => {
    const model = { intercept: -0.7, coefficients: [1.5, -2, 0.25, 0] };
    const means = [0.2, 1.1, -3, 4];
    const x = [1, 0.5, 2, -1];
    const f = (z: number[]) => model.intercept + z.reduce((s, v, j) => s + v * model.coefficients[j], 0);
    const brute = bruteShapley(4, (S) => f(x.map((v, j) => (S[j] ? v : means[j]))));
    const { phi, bias } = linearShap(model, means, x);
    phi.forEach((p, j) => expect(p).toBeCloseTo(brute[j], 12));
    expect(bias + phi.reduce((a, b) => a + b, 0)).toBeCloseTo(f(x), 12);
  });

  it('follow the path-dependent definition on a small tree that splits twice on one feature', () => {
    // x0 < 0.5 ? (x1 < 0.5 ? 1 : 2) : (x0 < 0.8 ? 3 : 4), covers chosen unevenly.
    const tree = {
      left: Int32Array.from([1, 3, 5, -1, -1, -1, -1]),
      right: Int32Array.from([2, 4, 6, -1, -1, -1, -1]),
      defaultLeft: Uint8Array.from([1, 1, 1, 0, 0, 0, 0]),
      feature: Int32Array.from([0, 1, 0, 0, 0, 0, 0]),
      threshold: Float64Array.from([0.5, 0.5, 0.8, 0, 0, 0, 0]),
      value: Float64Array.from([0, 0, 0, 1, 2, 3, 4]),
      cover: Float64Array.from([10, 6, 4, 4, 2, 3, 1]),
    };
    const model: TreeEnsemble = { trees: [tree], baseMargin: 0, featureNames: ['a', 'b'], objective: 'reg:squarederror' };
    // Path-dependent conditional expectation E[f | x_S] using covers at unknown features.
    const cond = (x: number[], S: boolean[], node = 0): number => {
      if (tree.left[node] === -1) return tree.value[node];
      const f = tree.feature[node];
      if (S[f]) return cond(x, S, x[f] < tree.threshold[node] ? tree.left[node] : tree.right[node]);
      const l = tree.left[node], r = tree.right[node];
      return (tree.cover[l] * cond(x, S, l) + tree.cover[r] * cond(x, S, r)) / tree.cover[node];
    };
    for (const x of [[0.2, 0.9], [0.7, 0.1], [0.9, 0.9]]) {
      const brute = bruteShapley(2, (S) => cond(x, S));
      const phi = treeShap(model, x);
      expect(phi[0]).toBeCloseTo(brute[0], 12);
      expect(phi[1]).toBeCloseTo(brute[1], 12);
      expect(phi[0] + phi[1] + phi[2]).toBeCloseTo(predictMargin(model, x), 12);
    }
  });
});
