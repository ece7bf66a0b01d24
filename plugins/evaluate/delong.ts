/**
 * AUC with DeLong variance, CI and paired test, computed in O(n log n) by the midrank method of
 * Sun & Xu (2014). Conventions follow pROC 1.18: placements V10 (per case) and V01 (per
 * control), var = var(V10)/m + var(V01)/n with the (n−1) sample variance, CI = AUC ± z·sd
 * clipped to [0, 1].
 */
import { InvalidInputError } from '../../core/errors.js';
import { pnorm, pnormUpper, qnorm } from '../../core/stats/normal-dist.js';

/** Which scores indicate a case: `<` means controls < cases (higher score = case), as pROC. */
export type Direction = '<' | '>';

export interface DelongAuc {
  auc: number;
  /** DeLong variance of the AUC. */
  variance: number;
  /** Per-case placement V10: fraction of controls below the case (ties count ½). */
  v10: Float64Array;
  /** Per-control placement V01: fraction of cases above the control (ties count ½). */
  v01: Float64Array;
  nCases: number;
  nControls: number;
}

/** Splits scores by a 0/1 label; NaN labels or scores are an error (drop them first). */
export function splitByLabel(labels: ArrayLike<number>, scores: ArrayLike<number>): { cases: Float64Array; controls: Float64Array } {
  if (labels.length !== scores.length) throw new InvalidInputError(`labels (${labels.length}) and scores (${scores.length}) differ in length`);
  const cases: number[] = [];
  const controls: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    const s = scores[i];
    if (Number.isNaN(s) || Number.isNaN(y)) throw new InvalidInputError(`missing label or score at row ${i + 1}`, {}, 'Drop rows with missing values before evaluating');
    if (y === 1) cases.push(s);
    else if (y === 0) controls.push(s);
    else throw new InvalidInputError(`label ${y} at row ${i + 1} is not 0/1`);
  }
  return { cases: Float64Array.from(cases), controls: Float64Array.from(controls) };
}

/** pROC's automatic direction: `>` when the control median exceeds the case median. */
export function autoDirection(cases: ArrayLike<number>, controls: ArrayLike<number>): Direction {
  return median(controls) > median(cases) ? '>' : '<';
}

function median(x: ArrayLike<number>): number {
  const s = Float64Array.from(x).sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Midranks (1-based, ties averaged) of `x`. */
export function midranks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) r[order[k]] = rank;
    i = j + 1;
  }
  return r;
}

/** AUC, DeLong variance and placements. Scores are oriented by `direction` (default `<`). */
export function delongAuc(cases: ArrayLike<number>, controls: ArrayLike<number>, direction: Direction = '<'): DelongAuc {
  const m = cases.length;
  const n = controls.length;
  if (m < 1 || n < 1) throw new InvalidInputError(`AUC needs at least one case and one control (got ${m} cases, ${n} controls)`);
  const sign = direction === '<' ? 1 : -1;
  const all = new Float64Array(m + n);
  const xs = new Float64Array(m);
  const ys = new Float64Array(n);
  for (let i = 0; i < m; i++) all[i] = xs[i] = sign * cases[i];
  for (let j = 0; j < n; j++) all[m + j] = ys[j] = sign * controls[j];
  const rz = midranks(all);
  const rx = midranks(xs);
  const ry = midranks(ys);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < m; i++) {
    v10[i] = (rz[i] - rx[i]) / n;
    sum += v10[i];
  }
  for (let j = 0; j < n; j++) v01[j] = 1 - (rz[m + j] - ry[j]) / m;
  const auc = sum / m;
  const variance = sampleCov(v10, v10) / m + sampleCov(v01, v01) / n;
  return { auc, variance, v10, v01, nCases: m, nControls: n };
}

/** Sample covariance with the (n−1) denominator, as R's `cov`. */
function sampleCov(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (n - 1);
}

/** DeLong covariance of two AUCs computed on the same cases and controls in the same order. */
export function delongCovariance(a: DelongAuc, b: DelongAuc): number {
  if (a.nCases !== b.nCases || a.nControls !== b.nControls) throw new InvalidInputError('paired DeLong needs both scores on the same cases and controls');
  return sampleCov(a.v10, b.v10) / a.nCases + sampleCov(a.v01, b.v01) / a.nControls;
}

/** DeLong confidence interval of the AUC, clipped to [0, 1]. @param level @default 0.95 */
export function delongCi(d: Pick<DelongAuc, 'auc' | 'variance'>, level = 0.95): [number, number] {
  const z = qnorm(1 - (1 - level) / 2);
  const sd = Math.sqrt(d.variance);
  return [Math.max(0, d.auc - z * sd), Math.min(1, d.auc + z * sd)];
}

export type Alternative = 'two.sided' | 'greater' | 'less';

export interface PairedDelongTest {
  auc1: number;
  auc2: number;
  /** AUC1 − AUC2. */
  difference: number;
  z: number;
  pValue: number;
  /** CI of the difference at `level`. */
  ci: [number, number];
  alternative: Alternative;
}

/**
 * Paired DeLong test of two correlated AUCs (pROC `roc.test(method = "delong", paired = TRUE)`).
 * @param alternative @default 'two.sided'
 * @param level confidence level of the difference's CI @default 0.95
 */
export function delongPairedTest(a: DelongAuc, b: DelongAuc, alternative: Alternative = 'two.sided', level = 0.95): PairedDelongTest {
  const cov = delongCovariance(a, b);
  const difference = a.auc - b.auc;
  const sd = Math.sqrt(a.variance + b.variance - 2 * cov);
  // Identical curves: pROC reports Z = 0 and p = 1 rather than 0/0.
  const z = sd === 0 && difference === 0 ? 0 : difference / sd;
  const pValue = alternative === 'two.sided' ? 2 * pnorm(-Math.abs(z)) : alternative === 'greater' ? pnormUpper(z) : pnorm(z);
  const q = qnorm(1 - (1 - level) / 2);
  return { auc1: a.auc, auc2: b.auc, difference, z, pValue: Math.min(1, pValue), ci: [difference - q * sd, difference + q * sd], alternative };
}
