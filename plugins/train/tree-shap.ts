/**
 * Exact path-dependent TreeSHAP (Lundberg et al. 2020, Algorithm 2) — what XGBoost's
 * `pred_contribs=True` returns: one contribution per feature plus the bias (the cover-weighted
 * expected margin), summing to the row's margin.
 */
import { isLeaf, type Tree, type TreeEnsemble } from './tree-model.js';

interface Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  w: Float64Array;
}

function extend(p: Path, depth: number, zero: number, one: number, feature: number): void {
  p.feature[depth] = feature;
  p.zero[depth] = zero;
  p.one[depth] = one;
  p.w[depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    p.w[i + 1] += (one * p.w[i] * (i + 1)) / (depth + 1);
    p.w[i] = (zero * p.w[i] * (depth - i)) / (depth + 1);
  }
}

function unwind(p: Path, depth: number, index: number): void {
  const one = p.one[index];
  const zero = p.zero[index];
  let next = p.w[depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = p.w[i];
      p.w[i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (p.w[i] * zero * (depth - i)) / (depth + 1);
    } else p.w[i] = (p.w[i] * (depth + 1)) / (zero * (depth - i));
  }
  for (let i = index; i < depth; i++) {
    p.feature[i] = p.feature[i + 1];
    p.zero[i] = p.zero[i + 1];
    p.one[i] = p.one[i + 1];
  }
}

function unwoundSum(p: Path, depth: number, index: number): number {
  const one = p.one[index];
  const zero = p.zero[index];
  let next = p.w[depth];
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = p.w[i] - tmp * zero * ((depth - i) / (depth + 1));
    } else total += p.w[i] / zero / ((depth - i) / (depth + 1));
  }
  return total;
}

// Each recursion level works on its own copy of the path (trees are shallow; copies are tiny).
const copy = (p: Path): Path => ({ feature: Int32Array.from(p.feature), zero: Float64Array.from(p.zero), one: Float64Array.from(p.one), w: Float64Array.from(p.w) });

function recurse(t: Tree, x: ArrayLike<number>, phi: Float64Array, node: number, depth: number, parent: Path, zero: number, one: number, feature: number): void {
  const p = copy(parent);
  extend(p, depth, zero, one, feature);
  if (isLeaf(t, node)) {
    for (let i = 1; i <= depth; i++) {
      const w = unwoundSum(p, depth, i);
      phi[p.feature[i]] += w * (p.one[i] - p.zero[i]) * t.value[node];
    }
    return;
  }
  const f = t.feature[node];
  const v = x[f];
  const goLeft = Number.isNaN(v) ? t.defaultLeft[node] === 1 : Math.fround(v) < t.threshold[node];
  const hot = goLeft ? t.left[node] : t.right[node];
  const cold = goLeft ? t.right[node] : t.left[node];
  const cover = t.cover[node];
  let inZero = 1;
  let inOne = 1;
  let k = 0;
  while (k <= depth && p.feature[k] !== f) k++;
  // A feature split on again: undo its earlier split so both are accounted as one.
  if (k !== depth + 1) {
    inZero = p.zero[k];
    inOne = p.one[k];
    unwind(p, depth, k);
    depth--;
  }
  recurse(t, x, phi, hot, depth + 1, p, (t.cover[hot] / cover) * inZero, inOne, f);
  recurse(t, x, phi, cold, depth + 1, p, (t.cover[cold] / cover) * inZero, 0, f);
}

function maxDepth(t: Tree, node = 0): number {
  return isLeaf(t, node) ? 0 : 1 + Math.max(maxDepth(t, t.left[node]), maxDepth(t, t.right[node]));
}

/** Cover-weighted mean leaf value: the tree's expected margin. */
export function expectedValue(t: Tree, node = 0): number {
  if (isLeaf(t, node)) return t.value[node];
  const l = t.left[node];
  const r = t.right[node];
  return (t.cover[l] * expectedValue(t, l) + t.cover[r] * expectedValue(t, r)) / (t.cover[l] + t.cover[r]);
}

/** SHAP values of one row: `phi[j]` per feature and `phi[M]` = bias (expected margin). */
export function treeShap(model: TreeEnsemble, x: ArrayLike<number>): Float64Array {
  const M = model.featureNames.length;
  const phi = new Float64Array(M + 1);
  phi[M] = model.baseMargin;
  for (const t of model.trees) {
    const size = maxDepth(t) + 2;
    const p: Path = { feature: new Int32Array(size).fill(-1), zero: new Float64Array(size), one: new Float64Array(size), w: new Float64Array(size) };
    recurse(t, x, phi, 0, 0, p, 1, 1, -1);
    phi[M] += expectedValue(t);
  }
  return phi;
}
