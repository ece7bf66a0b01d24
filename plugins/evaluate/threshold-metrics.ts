/**
 * Classification metrics at a threshold, and the Youden threshold (max sensitivity + specificity)
 * chosen on training data, pROC style: candidate thresholds are midpoints between consecutive
 * distinct scores; a case is called positive when score ≥ threshold.
 */

export interface ThresholdMetrics {
  threshold: number;
  accuracy: number;
  sensitivity: number;
  specificity: number;
  ppv: number;
  npv: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function metricsAtThreshold(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: number): ThresholdMetrics {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const pos = scores[i] >= threshold;
    if (labels[i] === 1) pos ? tp++ : fn++;
    else pos ? fp++ : tn++;
  }
  const div = (a: number, b: number) => (b > 0 ? a / b : NaN);
  return {
    threshold,
    accuracy: div(tp + tn, tp + tn + fp + fn),
    sensitivity: div(tp, tp + fn),
    specificity: div(tn, tn + fp),
    ppv: div(tp, tp + fp),
    npv: div(tn, tn + fn),
    tp, fp, tn, fn,
  };
}

/** The threshold maximising sensitivity + specificity; ties go to the lowest threshold. */
export function youdenThreshold(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let P = 0;
  for (let i = 0; i < labels.length; i++) P += labels[i];
  const N = labels.length - P;
  // Sweep thresholds upward: below all scores everything is positive (sens 1, spec 0).
  let best = -Infinity;
  let bestJ = 1;
  let fnCount = 0, tnCount = 0;
  let k = 0;
  while (k < order.length) {
    const v = scores[order[k]];
    while (k < order.length && scores[order[k]] === v) {
      if (labels[order[k]] === 1) fnCount++;
      else tnCount++;
      k++;
    }
    const next = k < order.length ? scores[order[k]] : Infinity;
    const t = next === Infinity ? Infinity : (v + next) / 2;
    const j = (P - fnCount) / P + tnCount / N;
    if (j > bestJ + 1e-15) {
      bestJ = j;
      best = t;
    }
  }
  return best;
}
