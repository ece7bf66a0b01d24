/**
 * Brier score and logistic recalibration: slope and "joint intercept" from glm(y ~ logit(p)),
 * calibration-in-the-large from glm(y ~ offset(logit(p))) — the quantities rms::val.prob and
 * TRIPOD ask for. Fitted by Newton–Raphson (= IRLS for the canonical link) to ~1e-14.
 */
import { InvalidInputError, NumericalError } from '../../core/errors.js';

export function brierScore(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s += (probs[i] - labels[i]) ** 2;
  return s / labels.length;
}

/** logit with p clamped to [1e-15, 1 − 1e-15] so that 0/1 predictions stay finite. */
export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
  return Math.log(q / (1 - q));
}

export function expit(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export interface Calibration {
  /** β of glm(y ~ logit(p)); 1 when calibrated, < 1 when predictions are too extreme. */
  slope: number;
  /** α of glm(y ~ logit(p)) (rms::val.prob's "Intercept"). */
  intercept: number;
  /** α of glm(y ~ offset(logit(p))): calibration-in-the-large, 0 when calibrated. */
  citl: number;
}

export function calibration(labels: ArrayLike<number>, probs: ArrayLike<number>): Calibration {
  const n = labels.length;
  if (n !== probs.length) throw new InvalidInputError('labels and probabilities differ in length');
  const lp = Float64Array.from(probs as ArrayLike<number>, logit);
  const [intercept, slope] = fitTwoParameter(labels, lp);
  const citl = fitOffsetIntercept(labels, lp);
  return { slope, intercept, citl };
}

/** Newton for y ~ a + b·x (logistic). */
function fitTwoParameter(y: ArrayLike<number>, x: Float64Array): [number, number] {
  let a = 0;
  let b = 0;
  for (let it = 0; it < 100; it++) {
    let g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
    for (let i = 0; i < x.length; i++) {
      const p = expit(a + b * x[i]);
      const w = p * (1 - p);
      const r = y[i] - p;
      g0 += r;
      g1 += r * x[i];
      h00 += w;
      h01 += w * x[i];
      h11 += w * x[i] * x[i];
    }
    const det = h00 * h11 - h01 * h01;
    if (!(Math.abs(det) > 0)) throw new NumericalError('calibration fit is singular (constant predictions?)');
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-13 * (1 + Math.abs(a) + Math.abs(b))) break;
  }
  return [a, b];
}

/** Newton for y ~ a + offset(x). */
function fitOffsetIntercept(y: ArrayLike<number>, x: Float64Array): number {
  let a = 0;
  for (let it = 0; it < 100; it++) {
    let g = 0, h = 0;
    for (let i = 0; i < x.length; i++) {
      const p = expit(a + x[i]);
      g += y[i] - p;
      h += p * (1 - p);
    }
    const d = g / h;
    a += d;
    if (Math.abs(d) < 1e-14 * (1 + Math.abs(a))) break;
  }
  return a;
}

export interface CalibrationCurvePoint {
  /** Mean predicted probability in the bin. */
  predicted: number;
  /** Observed event fraction in the bin. */
  observed: number;
  n: number;
}

/**
 * Binned calibration curve (equal-count bins by predicted risk) for plots; aggregates only.
 * @param bins @default 10
 */
export function calibrationCurve(labels: ArrayLike<number>, probs: ArrayLike<number>, bins = 10): CalibrationCurvePoint[] {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[a] - probs[b]);
  const out: CalibrationCurvePoint[] = [];
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * n) / bins);
    const hi = Math.floor(((b + 1) * n) / bins);
    if (hi <= lo) continue;
    let sp = 0, sy = 0;
    for (let k = lo; k < hi; k++) {
      sp += probs[order[k]];
      sy += labels[order[k]];
    }
    out.push({ predicted: sp / (hi - lo), observed: sy / (hi - lo), n: hi - lo });
  }
  return out;
}
