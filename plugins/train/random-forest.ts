/**
 * Random forest for a 0/1 outcome (Breiman 2001): bootstrap samples, √p candidate features per
 * split, Gini impurity, leaves store the class-1 fraction; the forest predicts the mean. Trees use
 * the shared flat `Tree` layout (features compared as float32, like XGBoost), so TreeSHAP
 * explains forests too. Covers are bootstrap sample counts.
 */
import { InvalidInputError } from '../../core/errors.js';
import { xoshiro128 } from '../../core/random.js';
import type { Tree, TreeEnsemble } from './tree-model.js';

export interface RandomForestOptions {
  /** @default 200 */
  trees?: number;
  /** Candidate features per split. @default floor(sqrt(p)) */
  mtry?: number;
  /** Smallest number of (bootstrap) samples in a leaf. @default 1 */
  minLeaf?: number;
  /** @default 32 */
  maxDepth?: number;
  /** @default 1 */
  seed?: number;
}

interface Builder {
  left: number[]; right: number[]; feature: number[]; threshold: number[]; value: number[]; cover: number[];
}

export function trainRandomForest(columns: Float64Array[], y: ArrayLike<number>, featureNames: string[], options: RandomForestOptions = {}): TreeEnsemble {
  const n = y.length;
  const p = columns.length;
  if (!n || columns.some((c) => c.length !== n)) throw new InvalidInputError('every feature column needs one value per outcome');
  const nTrees = options.trees ?? 200;
  const mtry = Math.max(1, Math.min(p, options.mtry ?? Math.floor(Math.sqrt(p))));
  const minLeaf = options.minLeaf ?? 1;
  const maxDepth = options.maxDepth ?? 32;
  const rand = xoshiro128(options.seed ?? 1);
  const X = columns.map((c) => Float64Array.from(c, Math.fround));
  const trees: Tree[] = [];
  for (let t = 0; t < nTrees; t++) {
    const sample = Int32Array.from({ length: n }, () => Math.floor(rand() * n));
    const b: Builder = { left: [], right: [], feature: [], threshold: [], value: [], cover: [] };
    grow(b, X, y, Array.from(sample), 0);
    trees.push({
      left: Int32Array.from(b.left), right: Int32Array.from(b.right), defaultLeft: new Uint8Array(b.left.length).fill(1),
      feature: Int32Array.from(b.feature), threshold: Float64Array.from(b.threshold),
      value: Float64Array.from(b.value, (v) => v / nTrees), cover: Float64Array.from(b.cover),
    });
  }
  return { trees, baseMargin: 0, featureNames, objective: 'reg:squarederror' };

  function grow(b: Builder, X: Float64Array[], y: ArrayLike<number>, idx: number[], depth: number): number {
    const node = b.left.length;
    b.left.push(-1); b.right.push(-1); b.feature.push(0); b.threshold.push(0); b.cover.push(idx.length);
    let pos = 0;
    for (const i of idx) pos += y[i];
    b.value.push(pos / idx.length);
    if (depth >= maxDepth || idx.length < 2 * minLeaf || pos === 0 || pos === idx.length) return node;
    let best = { gain: 1e-12, feature: -1, threshold: 0 };
    const parentImp = gini(pos, idx.length);
    // Choose mtry distinct features (partial Fisher–Yates).
    const order = Array.from({ length: p }, (_, j) => j);
    for (let k = 0; k < mtry; k++) {
      const r = k + Math.floor(rand() * (p - k));
      [order[k], order[r]] = [order[r], order[k]];
      const f = order[k];
      const x = X[f];
      const sorted = [...idx].sort((a, c) => x[a] - x[c]);
      let lp = 0;
      for (let s = 0; s < sorted.length - 1; s++) {
        lp += y[sorted[s]];
        const nl = s + 1;
        if (x[sorted[s]] === x[sorted[s + 1]] || nl < minLeaf || sorted.length - nl < minLeaf) continue;
        const nr = sorted.length - nl;
        const gain = parentImp - (nl * gini(lp, nl) + nr * gini(pos - lp, nr)) / sorted.length;
        if (gain > best.gain) {
          const mid = Math.fround((x[sorted[s]] + x[sorted[s + 1]]) / 2);
          // The float32 midpoint must still separate the two values (x < t goes left).
          best = { gain, feature: f, threshold: mid > x[sorted[s]] ? mid : x[sorted[s + 1]] };
        }
      }
    }
    if (best.feature < 0) return node;
    const x = X[best.feature];
    const li = idx.filter((i) => x[i] < best.threshold);
    const ri = idx.filter((i) => !(x[i] < best.threshold));
    b.feature[node] = best.feature;
    b.threshold[node] = best.threshold;
    b.left[node] = grow(b, X, y, li, depth + 1);
    b.right[node] = grow(b, X, y, ri, depth + 1);
    return node;
  }
}

const gini = (pos: number, n: number) => {
  const q = pos / n;
  return 2 * q * (1 - q);
};
