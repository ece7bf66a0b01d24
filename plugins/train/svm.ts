/**
 * Linear support-vector machine (L1-loss, L2-regularized; dual coordinate descent of Hsieh et
 * al. 2008, as liblinear's `-s 3`, with a bias feature) and Platt scaling of its decision values
 * to probabilities (Platt 1999 with Lin, Lin & Weng 2007's target smoothing and Newton
 * iterations, as libsvm). Features are standardized with training means and SDs.
 */
import { InvalidInputError } from '../../core/errors.js';
import { xoshiro128 } from '../../core/random.js';

export interface LinearSvmOptions {
  /** Cost of margin violations. @default 1 */
  C?: number;
  /** Stopping tolerance on the projected gradient. @default 1e-4 */
  tolerance?: number;
  /** @default 1000 */
  maxIter?: number;
  /** Seed of the coordinate order. @default 1 */
  seed?: number;
}

export interface LinearSvm {
  means: number[];
  sds: number[];
  /** Weights on standardized features, and the bias. */
  w: number[];
  b: number;
  /** Platt sigmoid: P(y=1|f) = 1/(1 + exp(A·f + B)). */
  platt: { A: number; B: number };
}

export function trainLinearSvm(columns: Float64Array[], y: ArrayLike<number>, options: LinearSvmOptions = {}): LinearSvm {
  const n = y.length;
  const p = columns.length;
  if (!n || columns.some((c) => c.length !== n)) throw new InvalidInputError('every feature column needs one value per outcome');
  const { C = 1, tolerance = 1e-4, maxIter = 1000, seed = 1 } = options;
  const means = columns.map((c) => c.reduce((a, v) => a + v, 0) / n);
  const sds = columns.map((c, j) => Math.sqrt(c.reduce((a, v) => a + (v - means[j]) ** 2, 0) / n) || 1);
  // Row-major standardized data with a trailing bias feature of 1.
  const q = p + 1;
  const X = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) X[i * q + j] = (columns[j][i] - means[j]) / sds[j];
    X[i * q + p] = 1;
  }
  const s = Float64Array.from(y, (v) => (v === 1 ? 1 : -1));
  const alpha = new Float64Array(n);
  const w = new Float64Array(q);
  const qii = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < q; j++) qii[i] += X[i * q + j] ** 2;
  const rand = xoshiro128(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let it = 0; it < maxIter; it++) {
    for (let k = n - 1; k > 0; k--) {
      const r = Math.floor(rand() * (k + 1));
      [order[k], order[r]] = [order[r], order[k]];
    }
    let maxPg = -Infinity, minPg = Infinity;
    for (const i of order) {
      let wx = 0;
      for (let j = 0; j < q; j++) wx += w[j] * X[i * q + j];
      const g = s[i] * wx - 1;
      const pg = alpha[i] === 0 ? Math.min(g, 0) : alpha[i] === C ? Math.max(g, 0) : g;
      maxPg = Math.max(maxPg, pg);
      minPg = Math.min(minPg, pg);
      if (pg !== 0) {
        const old = alpha[i];
        alpha[i] = Math.min(Math.max(old - g / qii[i], 0), C);
        const d = (alpha[i] - old) * s[i];
        for (let j = 0; j < q; j++) w[j] += d * X[i * q + j];
      }
    }
    if (maxPg - minPg < tolerance) break;
  }
  const f = Float64Array.from({ length: n }, (_, i) => {
    let v = 0;
    for (let j = 0; j < q; j++) v += w[j] * X[i * q + j];
    return v;
  });
  return { means, sds, w: Array.from(w.subarray(0, p)), b: w[p], platt: plattScaling(f, y) };
}

export function svmDecision(m: LinearSvm, x: ArrayLike<number>): number {
  let v = m.b;
  for (let j = 0; j < m.w.length; j++) v += (m.w[j] * (x[j] - m.means[j])) / m.sds[j];
  return v;
}

export function svmProbability(m: LinearSvm, x: ArrayLike<number>): number {
  const t = m.platt.A * svmDecision(m, x) + m.platt.B;
  return t >= 0 ? Math.exp(-t) / (1 + Math.exp(-t)) : 1 / (1 + Math.exp(t));
}

/** Platt's sigmoid fit by Newton with backtracking (Lin, Lin & Weng 2007). */
export function plattScaling(f: ArrayLike<number>, y: ArrayLike<number>): { A: number; B: number } {
  const n = f.length;
  let prior1 = 0;
  for (let i = 0; i < n; i++) prior1 += y[i] === 1 ? 1 : 0;
  const prior0 = n - prior1;
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  const t = Float64Array.from(y, (v) => (v === 1 ? hi : lo));
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  const objective = (a: number, b: number) => {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const fa = f[i] * a + b;
      v += fa >= 0 ? t[i] * fa + Math.log1p(Math.exp(-fa)) : (t[i] - 1) * fa + Math.log1p(Math.exp(fa));
    }
    return v;
  };
  let fval = objective(A, B);
  for (let it = 0; it < 100; it++) {
    let h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0;
    for (let i = 0; i < n; i++) {
      const fa = f[i] * A + B;
      const p = fa >= 0 ? Math.exp(-fa) / (1 + Math.exp(-fa)) : 1 / (1 + Math.exp(fa));
      const q = 1 - p;
      const d2 = p * q;
      h11 += f[i] * f[i] * d2;
      h22 += d2;
      h21 += f[i] * d2;
      const d1 = t[i] - p;
      g1 += f[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= 1e-10) {
      const nA = A + step * dA, nB = B + step * dB;
      const nf = objective(nA, nB);
      if (nf < fval + 1e-4 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
  return { A, B };
}
