/**
 * Decision-curve analysis, dcurves conventions: a patient tests positive when risk ≥ threshold
 * (risk > 0 at threshold 0, as dcurves' reference values show);
 * NB = TP/n − pt/(1−pt)·FP/n − harm; "treat all" NB = prev − (1−prev)·pt/(1−pt); "treat none" = 0.
 */

export interface DecisionCurvePoint {
  threshold: number;
  /** Net benefit of the model. */
  netBenefit: number;
  /** Net benefit of treating everyone. */
  treatAll: number;
  tpRate: number;
  fpRate: number;
  /** Fraction testing positive. */
  positiveRate: number;
  /** Net interventions avoided per patient, (NB − NB_all)/(pt/(1−pt)); NaN at pt = 0. */
  interventionsAvoided: number;
}

export interface DecisionCurveOptions {
  /** @default 0, 0.01, …, 0.99 */
  thresholds?: number[];
  /** Harm of the test, subtracted from the model's NB. @default 0 */
  harm?: number;
}

export function decisionCurve(labels: ArrayLike<number>, risks: ArrayLike<number>, options: DecisionCurveOptions = {}): DecisionCurvePoint[] {
  const thresholds = options.thresholds ?? Array.from({ length: 100 }, (_, k) => k / 100);
  const harm = options.harm ?? 0;
  const n = labels.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += labels[i];
  const prev = events / n;
  return thresholds.map((pt) => {
    // dcurves' reference output calls risk 0 negative at pt = 0 (its published famhistory example
    // gives NB 0.032, not the prevalence), i.e. it tests against a tiny positive threshold there.
    const cut = pt > 0 ? pt : Number.EPSILON;
    let tp = 0, fp = 0;
    for (let i = 0; i < n; i++) {
      if (risks[i] >= cut) {
        if (labels[i] === 1) tp++;
        else fp++;
      }
    }
    // dcurves computes rates as mean(test | y)·prevalence; tp/n is the same number.
    const tpRate = events > 0 ? (tp / events) * prev : 0;
    const fpRate = n - events > 0 ? (fp / (n - events)) * (1 - prev) : 0;
    const odds = pt / (1 - pt);
    const netBenefit = tpRate - odds * fpRate - harm;
    const treatAll = prev - (1 - prev) * odds;
    return { threshold: pt, netBenefit, treatAll, tpRate, fpRate, positiveRate: (tp + fp) / n, interventionsAvoided: pt > 0 ? (netBenefit - treatAll) / odds : NaN };
  });
}

/** Parses "from:to:step" (e.g. "0.01:0.99:0.01") into thresholds, rounding away float drift. */
export function parseThresholds(spec: string): number[] {
  const [from, to, step] = spec.split(':').map(Number);
  if (![from, to, step].every(Number.isFinite) || step <= 0 || to < from) throw new Error(`thresholds "${spec}" is not from:to:step`);
  const out: number[] = [];
  for (let k = 0; from + k * step <= to + 1e-12; k++) out.push(Number((from + k * step).toFixed(12)));
  return out;
}
