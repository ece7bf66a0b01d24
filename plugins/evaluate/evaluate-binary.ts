/**
 * Everything a validation table reports for one score on one cohort, as plain JSON-safe
 * aggregates: AUC with DeLong (and optionally bootstrap) CI, Brier, calibration, Hosmer–Lemeshow,
 * threshold metrics, decision curve, ROC with CI band and a binned calibration curve. No
 * per-case values leave this function, so a site can return its result as is.
 */
import { bootstrapAuc } from './bootstrap-auc.js';
import { brierScore, calibration, calibrationCurve, type Calibration, type CalibrationCurvePoint } from './calibration.js';
import { decisionCurve, type DecisionCurvePoint } from './decision-curve.js';
import { delongAuc, delongCi, splitByLabel } from './delong.js';
import { hosmerLemeshow } from './hosmer-lemeshow.js';
import { rocBand, rocCurve, type RocBandPoint, type RocPoint } from './roc-curve.js';
import { metricsAtThreshold, youdenThreshold, type ThresholdMetrics } from './threshold-metrics.js';

export interface EvaluateOptions {
  /** CI level. @default 0.95 */
  level?: number;
  /** Bootstrap replicates for the AUC CI and ROC band; 0 skips both. @default 0 */
  bootstrap?: number;
  /** @default 1 */
  seed?: number;
  /** Threshold for accuracy/sensitivity/…; e.g. the Youden threshold chosen on training data. @default Youden on these data */
  threshold?: number;
  /** Decision-curve thresholds. @default 0, 0.01, …, 0.99 */
  thresholds?: number[];
  /** Hosmer–Lemeshow groups. @default 10 */
  hlGroups?: number;
  /** Scores are probabilities (calibration, HL and DCA are computed only then). @default true */
  probabilities?: boolean;
}

export interface BinaryEvaluation {
  n: number;
  events: number;
  auc: number;
  aucVariance: number;
  aucCi: [number, number];
  level: number;
  bootstrapCi?: [number, number, number];
  bootstrapReplicates?: number;
  thresholdMetrics: ThresholdMetrics;
  /** Where the threshold came from. */
  thresholdSource: 'given' | 'youden-on-these-data';
  brier?: number;
  calibration?: Calibration;
  hosmerLemeshow?: { statistic: number; df: number; pValue: number };
  decisionCurve?: DecisionCurvePoint[];
  roc: RocPoint[];
  rocBand?: RocBandPoint[];
  calibrationCurve?: CalibrationCurvePoint[];
}

export function evaluateBinary(labels: ArrayLike<number>, scores: ArrayLike<number>, options: EvaluateOptions = {}): BinaryEvaluation {
  const { level = 0.95, bootstrap = 0, seed = 1, hlGroups = 10, probabilities = true } = options;
  const { cases, controls } = splitByLabel(labels, scores);
  const d = delongAuc(cases, controls);
  const threshold = options.threshold ?? youdenThreshold(labels, scores);
  const out: BinaryEvaluation = {
    n: labels.length,
    events: cases.length,
    auc: d.auc,
    aucVariance: d.variance,
    aucCi: delongCi(d, level),
    level,
    thresholdMetrics: metricsAtThreshold(labels, scores, threshold),
    thresholdSource: options.threshold === undefined ? 'youden-on-these-data' : 'given',
    roc: thinCurve(rocCurve(cases, controls), 200),
  };
  if (bootstrap > 0) {
    const b = bootstrapAuc(cases, controls, { replicates: bootstrap, seed, level });
    out.bootstrapCi = b.ci;
    out.bootstrapReplicates = bootstrap;
    out.rocBand = rocBand(cases, controls, { replicates: Math.min(bootstrap, 500), seed, level });
  }
  if (probabilities) {
    out.brier = brierScore(labels, scores);
    out.calibration = calibration(labels, scores);
    const hl = hosmerLemeshow(labels, scores, hlGroups);
    out.hosmerLemeshow = { statistic: hl.statistic, df: hl.df, pValue: hl.pValue };
    out.decisionCurve = decisionCurve(labels, scores, { thresholds: options.thresholds });
    out.calibrationCurve = calibrationCurve(labels, scores, 10);
  }
  return out;
}

/** Keeps at most `max` points of a curve, always the ends, so payloads stay small. */
function thinCurve(pts: RocPoint[], max: number): RocPoint[] {
  if (pts.length <= max) return pts;
  const step = (pts.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, k) => pts[Math.round(k * step)]);
}
