/**
 * A one-hidden-layer perceptron for a 0/1 outcome (tanh hidden units, logistic output, mean
 * log-loss), with parameters in one flat Float64Array so federated rounds can average them.
 * Full-batch gradients keep it deterministic: one local step of plain gradient descent at every
 * site, averaged by case count (FedAvg), is exactly one centralized step.
 */
import { xoshiro128 } from '../../core/random.js';

export interface MlpShape {
  inputs: number;
  hidden: number;
}

/** Layout: W1 (hidden × inputs), b1 (hidden), w2 (hidden), b2. */
export const parameterCount = (s: MlpShape) => s.hidden * s.inputs + 2 * s.hidden + 1;

export function initMlp(s: MlpShape, seed = 1): Float64Array {
  const rand = xoshiro128(seed);
  const w = new Float64Array(parameterCount(s));
  const scale1 = Math.sqrt(1 / s.inputs);
  const scale2 = Math.sqrt(1 / s.hidden);
  for (let k = 0; k < s.hidden * s.inputs; k++) w[k] = (rand() * 2 - 1) * scale1;
  for (let k = 0; k < s.hidden; k++) w[s.hidden * s.inputs + s.hidden + k] = (rand() * 2 - 1) * scale2;
  return w;
}

/** Predicted probabilities for rows of `columns`. */
export function mlpPredict(s: MlpShape, w: Float64Array, columns: Float64Array[]): Float64Array {
  const n = columns[0]?.length ?? 0;
  const out = new Float64Array(n);
  const { inputs: p, hidden: h } = s;
  const b1 = h * p, w2 = b1 + h, b2 = w2 + h;
  for (let i = 0; i < n; i++) {
    let z = w[b2];
    for (let u = 0; u < h; u++) {
      let a = w[b1 + u];
      for (let j = 0; j < p; j++) a += w[u * p + j] * columns[j][i];
      z += w[w2 + u] * Math.tanh(a);
    }
    out[i] = 1 / (1 + Math.exp(-z));
  }
  return out;
}

/**
 * Sum over rows of the log-loss gradient (not divided by n, so site sums add up) and the loss sum.
 * Optional proximal term μ/2‖w − anchor‖² (FedProx) is added with weight n.
 */
export function mlpGradient(s: MlpShape, w: Float64Array, columns: Float64Array[], y: ArrayLike<number>, prox?: { mu: number; anchor: Float64Array }): { gradient: Float64Array; loss: number } {
  const n = y.length;
  const { inputs: p, hidden: h } = s;
  const b1 = h * p, w2 = b1 + h, b2 = w2 + h;
  const g = new Float64Array(w.length);
  const act = new Float64Array(h);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let z = w[b2];
    for (let u = 0; u < h; u++) {
      let a = w[b1 + u];
      for (let j = 0; j < p; j++) a += w[u * p + j] * columns[j][i];
      act[u] = Math.tanh(a);
      z += w[w2 + u] * act[u];
    }
    const q = 1 / (1 + Math.exp(-z));
    loss -= y[i] * Math.log(Math.max(q, 1e-300)) + (1 - y[i]) * Math.log(Math.max(1 - q, 1e-300));
    const dz = q - y[i];
    g[b2] += dz;
    for (let u = 0; u < h; u++) {
      g[w2 + u] += dz * act[u];
      const da = dz * w[w2 + u] * (1 - act[u] * act[u]);
      g[b1 + u] += da;
      for (let j = 0; j < p; j++) g[u * p + j] += da * columns[j][i];
    }
  }
  if (prox && prox.mu > 0) {
    for (let k = 0; k < w.length; k++) {
      const d = w[k] - prox.anchor[k];
      g[k] += n * prox.mu * d;
      loss += (n * prox.mu * d * d) / 2;
    }
  }
  return { gradient: g, loss };
}

/** `steps` full-batch gradient-descent steps on the mean loss (plus FedProx term), from `w`. */
export function mlpLocalTrain(s: MlpShape, w: Float64Array, columns: Float64Array[], y: ArrayLike<number>, options: { steps: number; learningRate: number; mu?: number }): Float64Array {
  const cur = Float64Array.from(w);
  const anchor = Float64Array.from(w);
  for (let t = 0; t < options.steps; t++) {
    const { gradient } = mlpGradient(s, cur, columns, y, options.mu ? { mu: options.mu, anchor } : undefined);
    for (let k = 0; k < cur.length; k++) cur[k] -= (options.learningRate * gradient[k]) / y.length;
  }
  return cur;
}
