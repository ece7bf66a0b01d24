/**
 * Intraclass correlation: the six Shrout & Fleiss (1979) / McGraw & Wong (1996) forms with F tests
 * and F-based 95% confidence intervals, as pingouin's `intraclass_corr` (= R psych::ICC) computes
 * them, from the mean squares of a two-way ANOVA without interaction.
 */
import { InvalidInputError } from '../../core/errors.js';
import { fQuantile, fSf } from '../../core/stats/beta-dist.js';

/** Sums that define the ANOVA; they add across sites (see `anovaSumsOf`). */
export interface AnovaSums {
  /** Number of targets (cases). */
  n: number;
  /** Number of raters (repeats, perturbations). */
  k: number;
  /** Σ y over all cells. */
  total: number;
  /** Σ y². */
  sumSq: number;
  /** Σ over targets of (row sum)². */
  rowSumSq: number;
  /** Column (rater) sums, length k. */
  colSums: number[];
}

export interface MeanSquares {
  n: number;
  k: number;
  ssRows: number;
  ssCols: number;
  ssError: number;
  /** Between-targets mean square (MSR). */
  msr: number;
  /** Between-raters mean square (MSC). */
  msc: number;
  /** Residual mean square (MSE). */
  mse: number;
  /** Within-targets mean square (MSW, one-way model). */
  msw: number;
}

export type IccForm = 'ICC1' | 'ICC2' | 'ICC3' | 'ICC1k' | 'ICC2k' | 'ICC3k';
export const ICC_FORMS: IccForm[] = ['ICC1', 'ICC2', 'ICC3', 'ICC1k', 'ICC2k', 'ICC3k'];

/** Shrout & Fleiss notation of each form ("ICC(3,1)"), for tables and the CLI's `--form 3,1`. */
export const SHROUT_FLEISS: Record<IccForm, string> = {
  ICC1: 'ICC(1,1)',
  ICC2: 'ICC(2,1)',
  ICC3: 'ICC(3,1)',
  ICC1k: 'ICC(1,k)',
  ICC2k: 'ICC(2,k)',
  ICC3k: 'ICC(3,k)',
};

export interface IccResult {
  form: IccForm;
  icc: number;
  F: number;
  df1: number;
  df2: number;
  pValue: number;
  ci95: [number, number];
}

/** ANOVA sums of one complete n × k block (rows = targets, columns = raters). */
export function anovaSumsOf(ratings: ArrayLike<number>[], k: number): AnovaSums {
  const colSums = new Array<number>(k).fill(0);
  let total = 0;
  let sumSq = 0;
  let rowSumSq = 0;
  for (const row of ratings) {
    let r = 0;
    for (let j = 0; j < k; j++) {
      const v = row[j];
      r += v;
      sumSq += v * v;
      colSums[j] += v;
    }
    total += r;
    rowSumSq += r * r;
  }
  return { n: ratings.length, k, total, sumSq, rowSumSq, colSums };
}

/** Adds the sums of several blocks of targets rated by the same k raters (e.g. one per site). */
export function mergeAnovaSums(parts: AnovaSums[]): AnovaSums {
  const k = parts[0].k;
  const out: AnovaSums = { n: 0, k, total: 0, sumSq: 0, rowSumSq: 0, colSums: new Array<number>(k).fill(0) };
  for (const p of parts) {
    out.n += p.n;
    out.total += p.total;
    out.sumSq += p.sumSq;
    out.rowSumSq += p.rowSumSq;
    p.colSums.forEach((c, j) => (out.colSums[j] += c));
  }
  return out;
}

/** Two-way ANOVA mean squares from the total, row and column sums of squares of an n × k block. */
export function fromSumsOfSquares(n: number, k: number, ssTotal: number, ssRows: number, ssCols: number): MeanSquares {
  const ssError = ssTotal - ssRows - ssCols;
  return {
    n,
    k,
    ssRows,
    ssCols,
    ssError,
    msr: ssRows / (n - 1),
    msc: ssCols / (k - 1),
    mse: ssError / ((n - 1) * (k - 1)),
    msw: (ssCols + ssError) / (n * (k - 1)),
  };
}

export function meanSquares(s: AnovaSums): MeanSquares {
  const { n, k } = s;
  const correction = (s.total * s.total) / (n * k);
  const ssTotal = s.sumSq - correction;
  const ssRows = s.rowSumSq / k - correction;
  const ssCols = s.colSums.reduce((a, c) => a + c * c, 0) / n - correction;
  return fromSumsOfSquares(n, k, ssTotal, ssRows, ssCols);
}

/**
 * Mean squares of a complete n × k block computed with centered sums (two-pass), more precise
 * than `meanSquares(anovaSumsOf(...))` when values are large relative to their spread.
 */
export function meanSquaresOf(ratings: ArrayLike<number>[], k: number): MeanSquares {
  const n = ratings.length;
  let grand = 0;
  const colMeans = new Array<number>(k).fill(0);
  for (const row of ratings) for (let j = 0; j < k; j++) {
    grand += row[j];
    colMeans[j] += row[j];
  }
  grand /= n * k;
  for (let j = 0; j < k; j++) colMeans[j] /= n;
  let ssTotal = 0;
  let ssRows = 0;
  for (const row of ratings) {
    let rm = 0;
    for (let j = 0; j < k; j++) {
      rm += row[j];
      ssTotal += (row[j] - grand) ** 2;
    }
    ssRows += k * (rm / k - grand) ** 2;
  }
  let ssCols = 0;
  for (let j = 0; j < k; j++) ssCols += n * (colMeans[j] - grand) ** 2;
  return fromSumsOfSquares(n, k, ssTotal, ssRows, ssCols);
}

/** All six forms with F test and 95% CI (alpha 0.05), as pingouin. */
export function iccAll(ms: MeanSquares, alpha = 0.05): IccResult[] {
  const { n, k, msr, msc, mse, msw } = ms;
  const q = 1 - alpha / 2;

  const icc1 = (msr - msw) / (msr + (k - 1) * msw);
  const icc2 = (msr - mse) / (msr + (k - 1) * mse + (k * (msc - mse)) / n);
  const icc3 = (msr - mse) / (msr + (k - 1) * mse);
  const icc1k = (msr - msw) / msr;
  const icc2k = (msr - mse) / (msr + (msc - mse) / n);
  const icc3k = (msr - mse) / msr;

  // One-way model: F = MSR/MSW on (n − 1, n(k − 1)).
  const f1 = msr / msw;
  const df1a = n - 1;
  const df1b = n * (k - 1);
  const p1 = fSf(f1, df1a, df1b);
  const f1l = f1 / fQuantile(q, df1a, df1b);
  const f1u = f1 * fQuantile(q, df1b, df1a);

  // Two-way models: F = MSR/MSE on (n − 1, (n − 1)(k − 1)).
  const f3 = msr / mse;
  const df3b = (n - 1) * (k - 1);
  const p3 = fSf(f3, df1a, df3b);
  const f3l = f3 / fQuantile(q, df1a, df3b);
  const f3u = f3 * fQuantile(q, df3b, df1a);

  // ICC(2,1): Satterthwaite degrees of freedom (non-integer) for the absolute-agreement CI.
  const fj = msc / mse;
  const vn = (k - 1) * (n - 1) * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2;
  const vd = (n - 1) * k * k * icc2 * icc2 * fj * fj + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2;
  const v = vn / vd;
  const f2u = fQuantile(q, n - 1, v);
  const f2l = fQuantile(q, v, n - 1);
  const l2 = (n * (msr - f2u * mse)) / (f2u * (k * msc + (k * n - k - n) * mse) + n * msr);
  const u2 = (n * (f2l * msr - mse)) / (k * msc + (k * n - k - n) * mse + n * f2l * msr);

  const one = (form: IccForm, icc: number, F: number, df2: number, p: number, ci: [number, number]): IccResult => ({
    form,
    icc,
    F,
    df1: df1a,
    df2,
    pValue: p,
    ci95: ci,
  });
  return [
    one('ICC1', icc1, f1, df1b, p1, [(f1l - 1) / (f1l + k - 1), (f1u - 1) / (f1u + k - 1)]),
    one('ICC2', icc2, f3, df3b, p3, [l2, u2]),
    one('ICC3', icc3, f3, df3b, p3, [(f3l - 1) / (f3l + k - 1), (f3u - 1) / (f3u + k - 1)]),
    one('ICC1k', icc1k, f1, df1b, p1, [1 - 1 / f1l, 1 - 1 / f1u]),
    one('ICC2k', icc2k, f3, df3b, p3, [(l2 * k) / (1 + l2 * (k - 1)), (u2 * k) / (1 + u2 * (k - 1))]),
    one('ICC3k', icc3k, f3, df3b, p3, [1 - 1 / f3l, 1 - 1 / f3u]),
  ];
}

/** Parses `3,1` / `2,k` / `ICC3` / `ICC(3,1)` into a form. */
export function parseIccForm(text: string): IccForm {
  const t = text.replace(/\s|ICC|\(|\)/gi, '');
  const m = /^([123])(?:,(k|\d+))?(k?)$/i.exec(t);
  if (!m) throw new InvalidInputError(`unknown ICC form "${text}"`, {}, 'Use 1,1 2,1 3,1 1,k 2,k or 3,k');
  const average = m[3] !== '' || (m[2] !== undefined && m[2] !== '1');
  return `ICC${m[1]}${average ? 'k' : ''}` as IccForm;
}
