/**
 * `report.html`: the central stage that writes `report.html` (and `report-data.json`) into the
 * stage's output directory from the run's status and the globals of the model and validation
 * stages. The drawing is `renderReport`; this file only gathers `ReportData`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { definePlugin, type CentralContext } from '../../core/plugin.js';
import type { ReportData, ReportModel, ReportStage, SiteDataSummary, SiteValidation } from './report-data.js';
import { renderReport } from './render-report.js';
import { writeParquet } from '../../core/tables/parquet.js';
import { tableFromRows } from '../../core/tables/table.js';

export const reportParams = z.object({
  /** Report title. @default "Study <id>" */
  title: z.string().optional(),
  /** Stage that trained the model (train.lasso or train.logistic). */
  model: z.string().optional(),
  /** Stage that validated it (evaluate.external, or evaluate.auc for AUCs only). */
  validation: z.string().optional(),
  /** Site stage whose per-site case counts summarise the data. @default the first site stage */
  data: z.string().optional(),
  /** Outcome column name, for the text. */
  outcome: z.string().optional(),
  /** Stage with the pooled SHAP summary (explain.shap). */
  shap: z.string().optional(),
});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'report.html': z.input<typeof reportParams> }
}

interface ModelGlobal {
  features: string[];
  beta: number[];
  lambda?: number;
  lambdaRule?: string;
  alpha?: number;
  cv?: ReportModel['cv'];
  n?: number;
}

export function buildReportData(ctx: CentralContext, params: z.infer<typeof reportParams>, now = new Date()): ReportData {
  const status = ctx.status;
  const stages: ReportStage[] = status.stages.map((s) => ({
    name: s.name,
    type: s.type,
    kind: s.kind,
    // StageStatus may carry the DAG edges; without them the DAG shows stages in run order.
    after: (s as { after?: string[] }).after ?? [],
    state: s.state,
    sites: Object.keys(s.sites).length
      ? Object.entries(s.sites).map(([site, p]) => ({ site, state: p.state, startedAt: p.startedAt, endedAt: p.endedAt, cases: p.total, quarantined: p.quarantined }))
      : [{ site: 'coordinator', state: s.state, startedAt: s.startedAt, endedAt: s.endedAt }],
  }));
  const sites = [...new Set(status.stages.flatMap((s) => Object.keys(s.sites)))];
  const data: ReportData = { study: { id: status.studyId, runId: status.runId, title: params.title, generatedAt: now.toISOString(), sites, outcome: params.outcome }, stages };

  // evaluate.external and evaluate.auc share the per-site SiteValidation shape (auc-only for the latter).
  const validationGlobal = params.validation ? (ctx.global(params.validation) as { sites?: Record<string, SiteValidation> } | undefined) : undefined;
  if (validationGlobal?.sites) data.validation = validationGlobal.sites;

  const modelStage = params.model ? status.stages.find((s) => s.name === params.model) : undefined;
  const mg = params.model ? (ctx.global(params.model) as ModelGlobal | undefined) : undefined;
  if (mg?.features && mg.beta) {
    data.model = {
      description: modelStage?.type === 'train.lasso' ? `${mg.alpha === 1 || mg.alpha === undefined ? 'LASSO' : `Elastic-net (α = ${mg.alpha})`} logistic regression (glmnet conventions)` : 'Logistic regression (federated Newton–Raphson)',
      trainingSites: modelStage ? Object.keys(modelStage.sites) : [],
      intercept: mg.beta[0],
      coefficients: mg.features.map((feature, j) => ({ feature, coefficient: mg.beta[j + 1] })).filter((c) => c.coefficient !== 0),
      candidateFeatures: mg.features.length,
      lambda: mg.lambda,
      lambdaRule: mg.lambdaRule,
      alpha: mg.alpha,
      cv: mg.cv,
    };
  }

  const shapGlobal = params.shap ? (ctx.global(params.shap) as { features?: { feature: string; meanAbs: number }[] } | undefined) : undefined;
  if (shapGlobal?.features?.length) data.shap = shapGlobal.features.map(({ feature, meanAbs }) => ({ feature, meanAbs }));

  const dataStage = params.data ?? status.stages.find((s) => s.kind === 'site')?.name;
  if (dataStage) {
    const sums = ctx.siteSummaries(dataStage) as Record<string, { cases?: number; committed?: number }>;
    const train = new Set(data.model?.trainingSites ?? []);
    data.siteSummaries = Object.entries(sums).map(([site, s]): SiteDataSummary => ({
      site,
      cases: s.committed ?? s.cases ?? 0,
      events: data.validation?.[site]?.events,
      role: train.has(site) && data.validation?.[site] ? 'both' : train.has(site) ? 'training' : data.validation?.[site] ? 'external' : undefined,
    }));
  }
  return data;
}

/** The report's tables as rows: validation per site, model coefficients, per-site data. */
export function reportTables(d: ReportData): Record<string, Record<string, number | string>[]> {
  return {
    validation: Object.entries(d.validation ?? {}).map(([site, v]) => ({
      site, n: v.n, events: v.events, auc: v.auc, auc_ci_lower: v.aucCi[0], auc_ci_upper: v.aucCi[1],
      brier: v.brier ?? NaN, calibration_slope: v.calibration?.slope ?? NaN, calibration_intercept: v.calibration?.intercept ?? NaN, citl: v.calibration?.citl ?? NaN,
      hl_statistic: v.hosmerLemeshow?.statistic ?? NaN, hl_p: v.hosmerLemeshow?.pValue ?? NaN,
    })),
    coefficients: [...(d.model?.intercept !== undefined ? [{ feature: '(intercept)', coefficient: d.model.intercept }] : []), ...(d.model?.coefficients ?? [])],
    sites: (d.siteSummaries ?? []).map((s) => ({ site: s.site, role: s.role ?? '', cases: s.cases, events: s.events ?? NaN })),
  };
}

export default definePlugin({
  id: 'report.html',
  version: '1.0.0',
  kind: 'central',
  description: 'Writes a self-contained HTML report (DAG, timings, data, model, ROC/calibration/decision curves, TRIPOD table)',
  params: reportParams,
  async run(ctx, params) {
    const data = buildReportData(ctx, params);
    mkdirSync(ctx.outputDir, { recursive: true });
    const html = renderReport(data);
    const path = join(ctx.outputDir, 'report.html');
    writeFileSync(path, html);
    writeFileSync(join(ctx.outputDir, 'report-data.json'), JSON.stringify(data, null, 2));
    // The report's tables also as Parquet, for analysis outside the HTML.
    const tables = reportTables(data);
    for (const [name, rows] of Object.entries(tables)) if (rows.length) writeParquet(tableFromRows(rows), join(ctx.outputDir, `${name}.parquet`));
    ctx.log.info({ path, bytes: html.length }, 'report written');
    return { path, bytes: html.length, plots: Object.keys(data.validation ?? {}).length };
  },
});
