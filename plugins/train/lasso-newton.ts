/**
 * The numerical core of federated elastic-net logistic regression (proximal Newton): sites send
 * the gradient and Hessian of the log-likelihood on glmnet's standardized scale; the coordinator
 * minimizes the penalized quadratic model by covariance coordinate descent. Iterated to
 * convergence this is IRLS with exact inner solves, so the fixed point is the pooled glmnet
 * solution at that λ.
 */

/** Per-site sums for the global standardization (round 0). */
export interface MomentSums {
  n: number;
  sumY: number;
  sumX: number[];
  sumX2: number[];
  sumXY: number[];
}

export function momentSums(columns: Float64Array[], y: Float64Array): MomentSums {
  const n = y.length;
  let sumY = 0;
  for (let i = 0; i < n; i++) sumY += y[i];
  const sumX = columns.map((c) => c.reduce((a, v) => a + v, 0));
  const sumX2 = columns.map((c) => c.reduce((a, v) => a + v * v, 0));
  const sumXY = columns.map((c) => c.reduce((a, v, i) => a + v * y[i], 0));
  return { n, sumY, sumX, sumX2, sumXY };
}

export interface Standardization {
  n: number;
  ybar: number;
  means: number[];
  /** 1/n standard deviations (glmnet). */
  sds: number[];
  /** λ_max on glmnet's scale. */
  lambdaMax: number;
}

/** Pools the sums; λ_max = max_j |Σx̃(y − ȳ)|/(n·max(α, 1e-3)) from sums alone. */
export function poolMoments(parts: MomentSums[], alpha: number): Standardization {
  const p = parts[0].sumX.length;
  const n = parts.reduce((a, s) => a + s.n, 0);
  const sy = parts.reduce((a, s) => a + s.sumY, 0);
  const means: number[] = [];
  const sds: number[] = [];
  let lambdaMax = 0;
  for (let j = 0; j < p; j++) {
    const sx = parts.reduce((a, s) => a + s.sumX[j], 0);
    const sx2 = parts.reduce((a, s) => a + s.sumX2[j], 0);
    const sxy = parts.reduce((a, s) => a + s.sumXY[j], 0);
    const m = sx / n;
    const sd = Math.sqrt(Math.max(sx2 / n - m * m, 0));
    means.push(m);
    sds.push(sd);
    if (sd > 0) lambdaMax = Math.max(lambdaMax, Math.abs(sxy - m * sy) / sd / n);
  }
  return { n, ybar: sy / n, means, sds, lambdaMax: lambdaMax / Math.max(alpha, 1e-3) };
}

/** Gradient (length p+1, intercept first) and Hessian ((p+1)², row-major) of one block's log-likelihood. */
export function standardizedGradientHessian(columns: Float64Array[], y: Float64Array, s: Standardization, b0: number, beta: ArrayLike<number>): { gradient: Float64Array; hessian: Float64Array; deviance: number } {
  const n = y.length;
  const p = columns.length;
  const q = p + 1;
  const xt = (j: number, i: number) => (s.sds[j] > 0 ? (columns[j][i] - s.means[j]) / s.sds[j] : 0);
  const gradient = new Float64Array(q);
  const hessian = new Float64Array(q * q);
  const row = new Float64Array(q);
  let deviance = 0;
  for (let i = 0; i < n; i++) {
    row[0] = 1;
    let eta = b0;
    for (let j = 0; j < p; j++) {
      row[j + 1] = xt(j, i);
      eta += beta[j] * row[j + 1];
    }
    const pr = 1 / (1 + Math.exp(-eta));
    const w = pr * (1 - pr);
    const r = y[i] - pr;
    deviance += -2 * (y[i] * eta - (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))));
    for (let a = 0; a < q; a++) {
      gradient[a] += row[a] * r;
      const wa = w * row[a];
      for (let b = 0; b <= a; b++) hessian[a * q + b] += wa * row[b];
    }
  }
  for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) hessian[b * q + a] = hessian[a * q + b];
  return { gradient, hessian, deviance };
}

/**
 * One proximal Newton step: argmin over (b0', β') of
 * (1/n)[−gᵀδ + ½δᵀHδ] + λ[α‖β'‖₁ + (1−α)/2‖β'‖²], δ = (b0' − b0, β' − β).
 */
export function proximalNewtonStep(gradient: Float64Array, hessian: Float64Array, n: number, b0: number, beta: ArrayLike<number>, lambda: number, alpha: number, active: ArrayLike<number>): { b0: number; beta: Float64Array; change: number } {
  const q = gradient.length;
  const p = q - 1;
  const cur = new Float64Array(q);
  cur[0] = b0;
  for (let j = 0; j < p; j++) cur[j + 1] = beta[j];
  const next = Float64Array.from(cur);
  // Hδ maintained incrementally: hd[a] = Σ_b H[a,b]·(next[b] − cur[b]).
  const hd = new Float64Array(q);
  const l1 = lambda * alpha;
  const l2 = lambda * (1 - alpha);
  for (let sweep = 0; sweep < 100_000; sweep++) {
    let maxChange = 0;
    for (let a = 0; a < q; a++) {
      if (a > 0 && !active[a - 1]) continue;
      const haa = hessian[a * q + a];
      if (!(haa > 0)) continue;
      const old = next[a];
      // Gradient of the quadratic at `next`, excluding coordinate a's own curvature term.
      const u = (gradient[a] - hd[a] + haa * (old - cur[a])) / n + (haa / n) * cur[a];
      let nv: number;
      if (a === 0) nv = u / (haa / n);
      else {
        const au = Math.abs(u) - l1;
        nv = au > 0 ? (Math.sign(u) * au) / (haa / n + l2) : 0;
      }
      const d = nv - old;
      if (d !== 0) {
        next[a] = nv;
        for (let b = 0; b < q; b++) hd[b] += hessian[b * q + a] * d;
        maxChange = Math.max(maxChange, (haa / n) * d * d);
      }
    }
    if (maxChange < 1e-28) break;
  }
  let change = 0;
  for (let a = 0; a < q; a++) change = Math.max(change, Math.abs(next[a] - cur[a]));
  return { b0: next[0], beta: next.subarray(1), change };
}
