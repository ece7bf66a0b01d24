import { describe, expect, it } from 'vitest';
import { trainRandomForest } from '../../../plugins/train/random-forest.js';
import { trainGradientBoosting } from '../../../plugins/train/gradient-boosting.js';
import { predictMargin, predictProbability, type TreeEnsemble } from '../../../plugins/train/tree-model.js';
import { treeShap } from '../../../plugins/train/tree-shap.js';
import { aucFromLabels } from '../../../plugins/evaluate/auc-fast.js';
import { xoshiro128 } from '../../../core/random.js';

/** An interaction (XOR of two features) plus noise features: no linear model separates it. */
function xorData(n: number, seed: number) {
  const rand = xoshiro128(seed);
  const cols = Array.from({ length: 5 }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = rand() * 2 - 1;
    const signal = (cols[0][i] > 0) !== (cols[1][i] > 0);
    y[i] = rand() < (signal ? 0.9 : 0.1) ? 1 : 0;
  }
  return { cols, y, names: cols.map((_, j) => `x${j}`) };
}

const rowOf = (cols: Float64Array[], i: number) => cols.map((c) => c[i]);
const scores = (m: TreeEnsemble, cols: Float64Array[], n: number) => Array.from({ length: n }, (_, i) => predictProbability(m, rowOf(cols, i)));

describe('tree ensembles', () => {
  const train = xorData(600, 1);
  const test = xorData(400, 2);

  it('a random forest learns an interaction a linear score cannot, on held-out data', () => {
    const rf = trainRandomForest(train.cols, train.y, train.names, { trees: 60, seed: 3, minLeaf: 3 });
    const auc = aucFromLabels(test.y, scores(rf, test.cols, 400));
    expect(auc).toBeGreaterThan(0.8);
    expect(aucFromLabels(test.y, Array.from({ length: 400 }, (_, i) => test.cols[0][i] + test.cols[1][i]))).toBeLessThan(0.6);
    // Forest probabilities are means of leaf fractions: within [0, 1].
    for (const s of scores(rf, test.cols, 50)) expect(s).toBeGreaterThanOrEqual(0), expect(s).toBeLessThanOrEqual(1);
  });

  it('gradient boosting (XGBoost objective, histogram splits) learns it too and lowers the training log-loss each round', () => {
    const logLoss = (m: TreeEnsemble) => {
      let s = 0;
      for (let i = 0; i < 600; i++) {
        const p = predictProbability(m, rowOf(train.cols, i));
        s -= train.y[i] * Math.log(p) + (1 - train.y[i]) * Math.log(1 - p);
      }
      return s / 600;
    };
    const few = trainGradientBoosting(train.cols, train.y, train.names, { rounds: 5, maxDepth: 3 });
    const many = trainGradientBoosting(train.cols, train.y, train.names, { rounds: 40, maxDepth: 3 });
    expect(logLoss(many)).toBeLessThan(logLoss(few));
    expect(logLoss(few)).toBeLessThan(Math.log(2));
    expect(aucFromLabels(test.y, scores(many, test.cols, 400))).toBeGreaterThan(0.8);
  });

  it('TreeSHAP explains both exactly: contributions plus bias equal each prediction', () => {
    const rf = trainRandomForest(train.cols, train.y, train.names, { trees: 20, seed: 5, maxDepth: 6 });
    const gb = trainGradientBoosting(train.cols, train.y, train.names, { rounds: 15, maxDepth: 4 });
    for (const m of [rf, gb]) {
      for (let i = 0; i < 20; i++) {
        const x = rowOf(test.cols, i);
        const phi = treeShap(m, x);
        expect(phi.reduce((a, b) => a + b, 0)).toBeCloseTo(predictMargin(m, x), 9);
      }
    }
    {
      // Boosting's explanation puts the interaction features first (forests may split on noise
      // first: an XOR has no marginal Gini gain).
      const m = gb;
      const phis = Array.from({ length: 60 }, (_, i) => treeShap(m, rowOf(test.cols, i)));
      const meanAbs = (j: number) => phis.reduce((a, f) => a + Math.abs(f[j]), 0);
      expect(Math.min(meanAbs(0), meanAbs(1))).toBeGreaterThan(Math.max(meanAbs(2), meanAbs(3), meanAbs(4)));
    }
  });

  it('is reproducible from its seed', () => {
    const a = trainRandomForest(train.cols, train.y, train.names, { trees: 5, seed: 9 });
    const b = trainRandomForest(train.cols, train.y, train.names, { trees: 5, seed: 9 });
    expect(scores(a, test.cols, 30)).toEqual(scores(b, test.cols, 30));
  });
});
