/**
 * Coefficients at an arbitrary λ by glmnet's `lambda.interp`: linear interpolation in λ between
 * the two path values around it, clamped to the path's ends. predict.glmnet and cv.glmnet
 * (which predicts each fold's own path at the full-data λ values) both use it.
 */
import type { GlmnetPath } from './glmnet-binomial.js';

export function coefAt(path: Pick<GlmnetPath, 'lambda' | 'a0' | 'beta'>, s: number): { a0: number; beta: Float64Array } {
  const lam = path.lambda;
  const k = lam.length;
  if (k === 1) return { a0: path.a0[0], beta: path.beta[0] };
  const lo = lam[k - 1];
  const hi = lam[0];
  const sc = Math.min(Math.max(s, lo), hi);
  const norm = (l: number) => (hi - l) / (hi - lo);
  const sfrac0 = norm(sc);
  // approx(norm(lambda), 1:k, sfrac): position of sfrac among the normalized path values.
  let coord = k - 1;
  for (let t = 0; t < k - 1; t++) {
    const a = norm(lam[t]);
    const b = norm(lam[t + 1]);
    if (sfrac0 >= a && sfrac0 <= b) {
      coord = b === a ? t : t + (sfrac0 - a) / (b - a);
      break;
    }
  }
  const left = Math.floor(coord);
  const right = Math.ceil(coord);
  let frac = left === right ? 1 : (sfrac0 - norm(lam[right])) / (norm(lam[left]) - norm(lam[right]));
  if (Math.abs(norm(lam[left]) - norm(lam[right])) < Number.EPSILON) frac = 1;
  const bl = path.beta[left];
  const br = path.beta[right];
  const beta = new Float64Array(bl.length);
  for (let j = 0; j < bl.length; j++) beta[j] = bl[j] * frac + br[j] * (1 - frac);
  return { a0: path.a0[left] * frac + path.a0[right] * (1 - frac), beta };
}

/** Linear predictor at λ = s for rows of `columns`. */
export function linkAt(path: Pick<GlmnetPath, 'lambda' | 'a0' | 'beta'>, s: number, columns: Float64Array[]): Float64Array {
  const { a0, beta } = coefAt(path, s);
  const n = columns[0]?.length ?? 0;
  const eta = new Float64Array(n).fill(a0);
  for (let j = 0; j < beta.length; j++) {
    if (beta[j] === 0) continue;
    const x = columns[j];
    for (let i = 0; i < n; i++) eta[i] += beta[j] * x[i];
  }
  return eta;
}
