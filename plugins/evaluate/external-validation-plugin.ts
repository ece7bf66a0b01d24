/**
 * `evaluate.external`: every listed site scores its own cases with a trained logistic model
 * (from `train.lasso` or `train.logistic`) and returns the validation statistics only — AUC with
 * DeLong CI (and bootstrap CI), threshold metrics, Brier, calibration, Hosmer–Lemeshow, and the
 * ROC (with bootstrap band), calibration and decision curves on fixed grids. No per-case value
 * leaves the site. Run it with the held-out sites as the stage's sites for external validation,
 * or with every site for leave-one-site-out when each site's model excluded it.
 */
import { z } from 'zod';
import { definePlugin, type Partial } from '../../core/plugin.js';
import { InvalidInputError } from '../../core/errors.js';
import { siteDesign } from '../train/logistic-newton.js';
import { evaluateBinary } from './evaluate-binary.js';
import { sensitivityAt } from './roc-curve.js';
import type { SiteValidation } from '../report/report-data.js';

export const externalParams = z.object({
  /** The upstream stage whose table holds the features the model uses. */
  from: z.string(),
  /** The stage that trained the model (its global has `features` and `beta` = [intercept, …]). */
  model: z.string(),
  /** The 0/1 outcome column of cases.csv. @default 'outcome' */
  label: z.string().default('outcome'),
  /** Stratified bootstrap replicates for the AUC CI and ROC band (0 = none). @default 500 */
  bootstrap: z.number().int().min(0).default(500),
  /** @default 1 */
  seed: z.number().int().default(1),
  /** Decision-curve thresholds. @default 0.01, 0.02, …, 0.99 */
  thresholds: z.array(z.number().min(0).max(1)).optional(),
  /** Hosmer–Lemeshow groups. @default 10 */
  hlGroups: z.number().int().min(3).default(10),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'evaluate.external': z.input<typeof externalParams> }
}

interface ModelLike {
  features: string[];
  beta: number[];
  threshold?: number;
}

/** A fixed grid whose length differs from the site's case count (the privacy guard's per-case signature). */
const grid = (n: number, points = 51) => {
  const len = points === n ? points + 1 : points;
  return Array.from({ length: len }, (_, k) => k / (len - 1));
};

export default definePlugin<typeof externalParams, { sites: Record<string, SiteValidation> }>({
  id: 'evaluate.external',
  version: '1.0.0',
  kind: 'federated',
  description: 'Each site validates a trained logistic model on its own cases and returns metrics and curves only',
  params: externalParams,
  async local(ctx, params): Promise<Partial> {
    const model = ctx.global(params.model) as ModelLike | undefined;
    if (!model?.features || !model.beta) throw new InvalidInputError(`stage "${params.model}" has no logistic model (features and beta)`, { site: ctx.site }, 'Point params.model at a train.lasso or train.logistic stage');
    const { design } = await siteDesign(ctx, params.from, params.label, model.features);
    const { x, y, n, p } = design;
    const prob = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let j = 0; j < p; j++) eta += x[i * p + j] * model.beta[j];
      prob[i] = 1 / (1 + Math.exp(-eta));
    }
    const thresholds = params.thresholds ?? Array.from({ length: 99 }, (_, k) => (k + 1) / 100);
    const e = evaluateBinary(y, prob, { bootstrap: params.bootstrap, seed: params.seed, threshold: model.threshold, thresholds, hlGroups: params.hlGroups });
    const fprGrid = grid(n);
    const roc = fprGrid.map((f) => sensitivityAt(e.roc, 1 - f));
    const band = e.rocBand ?? [];
    const tm = e.thresholdMetrics;
    return {
      count: n,
      minCellCount: Math.min(e.events, n - e.events),
      values: {
        n, events: e.events, auc: e.auc, aucVariance: e.aucVariance, aucCi: e.aucCi,
        bootstrapCi: e.bootstrapCi ?? [], brier: e.brier!, calibration: [e.calibration!.intercept, e.calibration!.slope, e.calibration!.citl],
        hosmerLemeshow: [e.hosmerLemeshow!.statistic, e.hosmerLemeshow!.df, e.hosmerLemeshow!.pValue],
        thresholdMetrics: [tm.threshold, tm.accuracy, tm.sensitivity, tm.specificity, tm.ppv, tm.npv],
        rocFpr: fprGrid, rocTpr: roc,
        bandSpecificity: band.map((b) => b.specificity), bandLower: band.map((b) => b.lower), bandUpper: band.map((b) => b.upper),
        calPredicted: e.calibrationCurve!.map((c) => c.predicted), calObserved: e.calibrationCurve!.map((c) => c.observed),
        dcThreshold: thresholds, dcModel: e.decisionCurve!.map((d) => d.netBenefit), dcAll: e.decisionCurve!.map((d) => d.treatAll),
      },
    };
  },
  aggregate(partials) {
    const sites: Record<string, SiteValidation> = {};
    for (const { site, partial } of partials) sites[site] = siteValidationFromValues(partial.values);
    return { global: { sites }, done: true };
  },
});

/** Rebuilds the report's per-site record from a partial's flat values. */
export function siteValidationFromValues(v: Partial['values']): SiteValidation {
  const a = (k: string) => v[k] as number[];
  const [intercept, slope, citl] = a('calibration');
  const [statistic, df, pValue] = a('hosmerLemeshow');
  const [threshold, accuracy, sensitivity, specificity, ppv, npv] = a('thresholdMetrics');
  const boot = a('bootstrapCi');
  return {
    n: v.n as number,
    events: v.events as number,
    auc: v.auc as number,
    aucCi: a('aucCi') as [number, number],
    aucVariance: v.aucVariance as number,
    bootstrapCi: boot.length === 3 ? [boot[0], boot[2]] : undefined,
    brier: v.brier as number,
    calibration: { intercept, slope, citl },
    hosmerLemeshow: { statistic, df, pValue },
    thresholdMetrics: { threshold, accuracy, sensitivity, specificity, ppv, npv },
    roc: a('rocFpr').map((fpr, k) => ({ fpr, tpr: a('rocTpr')[k] })),
    rocBand: a('bandSpecificity').map((sp, k) => ({ fpr: 1 - sp, lower: a('bandLower')[k], upper: a('bandUpper')[k] })),
    calibrationCurve: a('calPredicted').map((predicted, k) => ({ predicted, observed: a('calObserved')[k] })),
    decisionCurve: a('dcThreshold').map((threshold, k) => ({ threshold, model: a('dcModel')[k], treatAll: a('dcAll')[k] })),
  };
}
