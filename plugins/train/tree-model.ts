/**
 * A binary decision-tree ensemble in flat arrays (the layout XGBoost's JSON uses), scored with
 * XGBoost's rule: go left when x < threshold (in float32), missing values take the default side.
 */

export interface Tree {
  left: Int32Array;
  right: Int32Array;
  /** 1 when a missing value goes left. */
  defaultLeft: Uint8Array;
  feature: Int32Array;
  /** Split thresholds as float32 values (stored in doubles). */
  threshold: Float64Array;
  /** Leaf values (margin contributions); ignored at internal nodes. */
  value: Float64Array;
  /** Training cover (sum of hessians, or sample count) of each node. */
  cover: Float64Array;
}

export interface TreeEnsemble {
  trees: Tree[];
  /** Margin added to every prediction (logit of base_score for binary:logistic). */
  baseMargin: number;
  featureNames: string[];
  objective: 'binary:logistic' | 'reg:squarederror';
}

export const isLeaf = (t: Tree, node: number) => t.left[node] === -1;

/** Leaf reached by one row (`x` indexed by feature, NaN = missing). */
export function leafOf(t: Tree, x: ArrayLike<number>): number {
  let node = 0;
  while (!isLeaf(t, node)) {
    const v = x[t.feature[node]];
    if (Number.isNaN(v)) node = t.defaultLeft[node] ? t.left[node] : t.right[node];
    else node = Math.fround(v) < t.threshold[node] ? t.left[node] : t.right[node];
  }
  return node;
}

/** Raw margin (log-odds for binary:logistic) of one row. */
export function predictMargin(model: TreeEnsemble, x: ArrayLike<number>): number {
  let m = model.baseMargin;
  for (const t of model.trees) m += t.value[leafOf(t, x)];
  return m;
}

export function predictProbability(model: TreeEnsemble, x: ArrayLike<number>): number {
  const m = predictMargin(model, x);
  return model.objective === 'binary:logistic' ? 1 / (1 + Math.exp(-m)) : m;
}
