/**
 * Histogram gradient-boosted trees with XGBoost's binary:logistic objective: per round, gradient
 * g = p − y and hessian h = p(1 − p); features are bucketed once into ≤ `maxBins` quantile bins;
 * a split maximises ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] − γ; a leaf's value is
 * −η·G/(H+λ). Trees are the shared flat `Tree` layout (covers = hessian sums), so the model scores
 * and explains (TreeSHAP) exactly like a loaded XGBoost JSON model. Missing values go left.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Tree, TreeEnsemble } from './tree-model.js';

export interface GradientBoostingOptions {
  /** Boosting rounds. @default 100 */
  rounds?: number;
  /** Learning rate η. @default 0.3 */
  eta?: number;
  /** @default 3 */
  maxDepth?: number;
  /** L2 penalty λ on leaf values. @default 1 */
  lambda?: number;
  /** Minimum split gain γ. @default 0 */
  gamma?: number;
  /** Minimum hessian sum in a child. @default 1 */
  minChildWeight?: number;
  /** @default 256 */
  maxBins?: number;
  /** Initial probability. @default 0.5 */
  baseScore?: number;
}

/** Upper edges of quantile bins (float32), distinct, ascending. */
function binEdges(x: Float64Array, maxBins: number): Float64Array {
  const s = Float64Array.from(x.filter((v) => !Number.isNaN(v)), Math.fround).sort();
  const edges: number[] = [];
  for (let b = 1; b < maxBins; b++) {
    const v = s[Math.min(s.length - 1, Math.floor((b * s.length) / maxBins))];
    if (!edges.length || v > edges[edges.length - 1]) edges.push(v);
  }
  return Float64Array.from(edges);
}

export function trainGradientBoosting(columns: Float64Array[], y: ArrayLike<number>, featureNames: string[], options: GradientBoostingOptions = {}): TreeEnsemble {
  const n = y.length;
  const p = columns.length;
  if (!n || columns.some((c) => c.length !== n)) throw new InvalidInputError('every feature column needs one value per outcome');
  const { rounds = 100, eta = 0.3, maxDepth = 3, lambda = 1, gamma = 0, minChildWeight = 1, maxBins = 256, baseScore = 0.5 } = options;
  const edges = columns.map((c) => binEdges(c, maxBins));
  // bin[j][i] = number of edges ≤ x: rows with bin ≤ k go left of a split at edges[k] (x < edge).
  const bins = columns.map((c, j) => Uint16Array.from(c, (v) => {
    if (Number.isNaN(v)) return 0;
    const fv = Math.fround(v);
    let lo = 0, hi = edges[j].length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[j][mid] <= fv) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }));
  const baseMargin = Math.log(baseScore / (1 - baseScore));
  const margin = new Float64Array(n).fill(baseMargin);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: Tree[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < n; i++) {
      const pr = 1 / (1 + Math.exp(-margin[i]));
      g[i] = pr - y[i];
      h[i] = Math.max(pr * (1 - pr), 1e-16);
    }
    const t = { left: [] as number[], right: [] as number[], feature: [] as number[], threshold: [] as number[], value: [] as number[], cover: [] as number[] };
    const rows = Array.from({ length: n }, (_, i) => i);
    build(t, rows, 0);
    const tree: Tree = {
      left: Int32Array.from(t.left), right: Int32Array.from(t.right), defaultLeft: new Uint8Array(t.left.length).fill(1),
      feature: Int32Array.from(t.feature), threshold: Float64Array.from(t.threshold), value: Float64Array.from(t.value, Math.fround), cover: Float64Array.from(t.cover),
    };
    trees.push(tree);
    // Update margins by routing each row (same rule as scoring).
    for (let i = 0; i < n; i++) {
      let node = 0;
      while (tree.left[node] !== -1) {
        const v = columns[tree.feature[node]][i];
        node = Number.isNaN(v) || Math.fround(v) < tree.threshold[node] ? tree.left[node] : tree.right[node];
      }
      margin[i] += tree.value[node];
    }
  }
  return { trees, baseMargin, featureNames, objective: 'binary:logistic' };

  function build(t: { left: number[]; right: number[]; feature: number[]; threshold: number[]; value: number[]; cover: number[] }, rows: number[], depth: number): number {
    const node = t.left.length;
    let G = 0, H = 0;
    for (const i of rows) {
      G += g[i];
      H += h[i];
    }
    t.left.push(-1); t.right.push(-1); t.feature.push(0); t.threshold.push(0); t.cover.push(H);
    t.value.push((-eta * G) / (H + lambda));
    if (depth >= maxDepth) return node;
    const score = (gs: number, hs: number) => (gs * gs) / (hs + lambda);
    let best = { gain: 0, feature: -1, bin: -1 };
    for (let j = 0; j < p; j++) {
      const nb = edges[j].length + 1;
      const hg = new Float64Array(nb);
      const hh = new Float64Array(nb);
      const bj = bins[j];
      for (const i of rows) {
        hg[bj[i]] += g[i];
        hh[bj[i]] += h[i];
      }
      let gl = 0, hl = 0;
      for (let k = 0; k < nb - 1; k++) {
        gl += hg[k];
        hl += hh[k];
        const hr = H - hl;
        if (hl < minChildWeight || hr < minChildWeight) continue;
        const gain = 0.5 * (score(gl, hl) + score(G - gl, hr) - score(G, H)) - gamma;
        if (gain > best.gain) best = { gain, feature: j, bin: k };
      }
    }
    if (best.feature < 0) return node;
    const bj = bins[best.feature];
    const li = rows.filter((i) => bj[i] <= best.bin);
    const ri = rows.filter((i) => bj[i] > best.bin);
    if (!li.length || !ri.length) return node;
    t.feature[node] = best.feature;
    t.threshold[node] = edges[best.feature][best.bin];
    t.left[node] = build(t, li, depth + 1);
    t.right[node] = build(t, ri, depth + 1);
    return node;
  }
}
