/**
 * `harmonize.combat`: ComBat as a federated stage. Sites send sums only, over three rounds:
 *   1. levels   — batch and categorical levels with their counts, and the feature names;
 *   2. moments  — XᵀX, XᵀY of the one-hot design, per-batch counts and centered second moments;
 *   3. residuals — per batch × feature Σr and Σr² of r = y − Xβ under the pooled β.
 * The coordinator then runs the empirical-Bayes step and `apply` adjusts each site's own rows.
 * The sums are uncentered across sites, so a batch that spans sites is handled exactly (unlike
 * d-ComBat's centered variant), and no patient's design row ever leaves a site.
 */
import { z } from 'zod';
import { InvalidInputError, PrivacyViolationError } from '../../core/errors.js';
import { definePlugin, type Partial } from '../../core/plugin.js';
import type { Column, Table } from '../../core/tables/table.js';
import { adjust } from './adjust.js';
import { designColumnNames } from './combat.js';
import { batchIndex, covariateDesign, sortLevels, type CovariateSpec } from './design.js';
import { checkBatchCounts, estimateCombat } from './estimate.js';
import { solveBeta } from './fit.js';
import { computeMoments, computeResidualSums, mergeMoments, mergeResidualSums, type DesignData, type Moments } from './moments.js';
import { readSiteFeatures, type SiteFeatures } from './site-table.js';
import { checkComplete } from './combat.js';
import { resolveCombatOptions, type CombatEstimates } from './types.js';

export const combatParams = z.object({
  /** Upstream stage whose table holds the features (e.g. the radiomics stage). */
  from: z.string().min(1),
  /** `site`, or a column of the feature table or cases.csv (e.g. scanner); a batch may span sites. */
  batch: z.string().default('site'),
  /** Biological covariates to preserve (columns of the feature table or cases.csv). */
  covariates: z.array(z.string()).default([]),
  /** Covariates to one-hot encode even if numeric (text columns are categorical anyway). */
  categorical: z.array(z.string()).default([]),
  /** Regex selecting feature columns; default every numeric column that is not batch/covariate. */
  features: z.string().optional(),
  parametric: z.boolean().default(true),
  meanOnly: z.boolean().default(false),
  eb: z.boolean().default(true),
  refBatch: z.string().nullable().default(null),
  /** Smallest group (batch or covariate level at a site) a partial may summarise. */
  minCount: z.number().int().positive().default(5),
});
export type CombatParams = z.infer<typeof combatParams>;

interface Levels {
  features: string[];
  batches: string[];
  covariates: CovariateSpec[];
  covariateColumns: string[];
}
export type CombatGlobal =
  | ({ phase: 'moments' } & Levels)
  | ({ phase: 'residuals'; beta: number[]; moments: SerializedMoments } & Levels)
  | { phase: 'done'; estimates: CombatEstimates };

interface SerializedMoments {
  nBatch: number;
  pz: number;
  nFeatures: number;
  xtx: number[];
  xty: number[];
  count: number[];
  m2: number[];
}

const toRows = (a: ArrayLike<number>, rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => a[r * cols + c]));
const fromRows = (rows: number[][]): Float64Array => Float64Array.from(rows.flat());

function readParams(p: CombatParams) {
  return { ...p, categorical: p.categorical ?? [] };
}

/** Smallest non-empty group a site's sums cover: each batch, and each level of each categorical covariate. */
function smallestCell(data: SiteFeatures, categorical: CovariateSpec[]): number {
  const counts: number[] = [];
  const tally = (values: string[]) => {
    const m = new Map<string, number>();
    for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
    counts.push(...m.values());
  };
  tally(data.batch);
  for (const spec of categorical) {
    const cov = data.covariates.find((c) => c.name === spec.name);
    if (cov) tally(cov.type === 'categorical' ? cov.values : Array.from(cov.values, String));
  }
  return Math.min(...counts);
}

function guardSite(site: string, n: number, cell: number, minCount: number): void {
  if (n < minCount || cell < minCount) {
    throw new PrivacyViolationError(
      `ComBat sums would cover a group of ${Math.min(n, cell)} case(s), under minCount ${minCount}`,
      { site },
      'Merge small batches or covariate levels at this site, or lower minCount if your governance allows',
    );
  }
}

function designData(data: SiteFeatures, g: Levels): DesignData {
  if (data.featureNames.join('\u0000') !== g.features.join('\u0000')) {
    throw new InvalidInputError('the feature columns differ from the other sites', {}, 'Run the same feature stage everywhere');
  }
  return {
    batch: batchIndex(data.batch, g.batches),
    nBatch: g.batches.length,
    z: covariateDesign(data.covariates, g.covariates).columns,
    y: data.features,
  };
}

function countsOf(values: string[]): { levels: string[]; counts: number[] } {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return { levels: [...m.keys()], counts: [...m.values()] };
}

export default definePlugin({
  id: 'harmonize.combat',
  version: '1.0.0',
  kind: 'federated',
  description: 'ComBat harmonization (neuroCombat semantics) from per-site sufficient statistics; exact when a batch spans sites',
  params: combatParams,

  async local(ctx, params, global: CombatGlobal | null): Promise<Partial> {
    const p = readParams(params);
    const data = await readSiteFeatures(ctx, p);
    checkComplete(data.features, data.featureNames, data.caseIds);
    const n = data.caseIds.length;
    const catSpecs: CovariateSpec[] = data.covariates.filter((c) => c.type === 'categorical').map((c) => ({ name: c.name, type: 'categorical', levels: [] }));
    const cell = smallestCell(data, catSpecs);
    guardSite(ctx.site, n, cell, p.minCount);
    if (global === null) {
      const values: Partial['values'] = { features: data.featureNames };
      const b = countsOf(data.batch);
      values.batchLevels = b.levels;
      values.batchCounts = b.counts;
      for (const c of data.covariates) {
        values[`type:${c.name}`] = [c.type];
        if (c.type === 'categorical') {
          const l = countsOf(c.values);
          values[`levels:${c.name}`] = l.levels;
          values[`counts:${c.name}`] = l.counts;
        }
      }
      return { count: n, values, minCellCount: cell };
    }
    if (global.phase === 'moments') {
      const m = computeMoments(designData(data, global));
      const q = m.nBatch + m.pz;
      return {
        count: n,
        minCellCount: cell,
        values: {
          xtx: toRows(m.xtx, q, q),
          xty: toRows(m.xty, q, m.nFeatures),
          count: Array.from(m.count),
          m2: toRows(m.m2, m.nBatch, m.nFeatures),
        },
      };
    }
    if (global.phase === 'residuals') {
      const F = global.features.length;
      const r = computeResidualSums(designData(data, global), Float64Array.from(global.beta));
      const B = global.batches.length;
      return { count: n, minCellCount: cell, values: { sum: toRows(r.sum, B, F), sumSq: toRows(r.sumSq, B, F) } };
    }
    throw new InvalidInputError('harmonize.combat has no round after the residuals');
  },

  aggregate(partials, params, previous: CombatGlobal | null) {
    const p = readParams(params);
    const options = resolveCombatOptions({ parametric: p.parametric, meanOnly: p.meanOnly, eb: p.eb, refBatch: p.refBatch });
    if (previous === null) {
      const features = partials[0].partial.values.features as string[];
      for (const { site, partial } of partials) {
        if ((partial.values.features as string[]).join('\u0000') !== features.join('\u0000')) {
          throw new InvalidInputError('the feature columns differ from the first site', { site }, 'Run the same feature stage everywhere');
        }
      }
      const batchCounts = new Map<string, number>();
      for (const { partial } of partials) {
        (partial.values.batchLevels as string[]).forEach((l, i) => batchCounts.set(l, (batchCounts.get(l) ?? 0) + (partial.values.batchCounts as number[])[i]));
      }
      const batches = sortLevels(batchCounts.keys());
      checkBatchCounts(batches, batches.map((b) => batchCounts.get(b) as number), options, features.length);
      const covariates: CovariateSpec[] = p.covariates.map((name) => {
        const types = new Set(partials.map(({ partial }) => (partial.values[`type:${name}`] as string[])[0]));
        if (types.has('categorical')) {
          const levels = sortLevels(partials.flatMap(({ partial }) => (partial.values[`levels:${name}`] as string[] | undefined) ?? []));
          return { name, type: 'categorical', levels };
        }
        return { name, type: 'continuous' };
      });
      // A covariate numeric at one site and text at another must be categorical everywhere.
      const mixed = covariates.filter((c) => c.type === 'categorical' && partials.some(({ partial }) => !partial.values[`levels:${c.name}`]));
      if (mixed.length) throw new InvalidInputError(`covariates ${mixed.map((c) => c.name).join(', ')} are numeric at some sites and text at others`, {}, 'List them under categorical');
      const covariateColumns = covariates.flatMap((c) => (c.type === 'continuous' ? [c.name] : c.levels.slice(1).map((l) => `${c.name}[${l}]`)));
      return { global: { phase: 'moments', features, batches, covariates, covariateColumns } as CombatGlobal, done: false };
    }
    if (previous.phase === 'moments') {
      const B = previous.batches.length;
      const F = previous.features.length;
      const pz = previous.covariateColumns.length;
      const parts: Moments[] = partials.map(({ partial: { values: v } }) => ({
        nBatch: B,
        pz,
        nFeatures: F,
        xtx: fromRows(v.xtx as number[][]),
        xty: fromRows(v.xty as number[][]),
        count: Float64Array.from(v.count as number[]),
        m2: fromRows(v.m2 as number[][]),
      }));
      const merged = mergeMoments(parts);
      checkBatchCounts(previous.batches, merged.count, options, F);
      const beta = solveBeta(merged, designColumnNames(previous.batches, previous.covariateColumns));
      const moments: SerializedMoments = {
        nBatch: B,
        pz,
        nFeatures: F,
        xtx: Array.from(merged.xtx),
        xty: Array.from(merged.xty),
        count: Array.from(merged.count),
        m2: Array.from(merged.m2),
      };
      const { phase: _phase, ...levels } = previous;
      return { global: { ...levels, phase: 'residuals', beta: Array.from(beta), moments } as CombatGlobal, done: false };
    }
    if (previous.phase === 'residuals') {
      const residuals = mergeResidualSums(
        partials.map(({ partial: { values: v } }) => ({ sum: fromRows(v.sum as number[][]), sumSq: fromRows(v.sumSq as number[][]) })),
      );
      const sm = previous.moments;
      const moments: Moments = { ...sm, xtx: Float64Array.from(sm.xtx), xty: Float64Array.from(sm.xty), count: Float64Array.from(sm.count), m2: Float64Array.from(sm.m2) };
      const estimates = estimateCombat({
        features: previous.features,
        batches: previous.batches,
        covariates: previous.covariates,
        covariateColumns: previous.covariateColumns,
        moments,
        beta: Float64Array.from(previous.beta),
        residuals,
        options,
      });
      // Saved with the batch column name, the estimates work with `cohortflow combat-apply` too.
      return { global: { phase: 'done', estimates: { ...estimates, batchColumn: p.batch } } as CombatGlobal, done: true };
    }
    throw new InvalidInputError('harmonize.combat is already done');
  },

  async apply(ctx, params, global: CombatGlobal) {
    if (global.phase !== 'done') throw new InvalidInputError(`harmonize.combat apply called in phase ${global.phase}`);
    const p = readParams(params);
    const data = await readSiteFeatures(ctx, p);
    const est = global.estimates;
    const design = designData(data, {
      features: est.features,
      batches: est.batches,
      covariates: est.covariates,
      covariateColumns: est.covariateColumns,
    });
    const adjusted = adjust(design, est, 'per-case');
    const upstream = await ctx.table(p.from);
    const columns: Record<string, Column> = { ...upstream.columns };
    const byId = new Map(data.caseIds.map((id, i) => [id, i]));
    const ids = Array.isArray(upstream.columns.case_id) ? upstream.columns.case_id : Array.from(upstream.columns.case_id, String);
    est.features.forEach((name, f) => {
      columns[name] = Float64Array.from(ids, (id) => adjusted[f][byId.get(id) as number]);
    });
    const table: Table = { names: [...upstream.names], columns };
    return {
      table,
      summary: {
        cases: data.caseIds.length,
        features: est.features.length,
        passthrough: est.passthrough.length,
        batches: est.batches,
        // Pooled over all sites (from sums): share of features with a batch effect (ANOVA p < 0.05).
        batchEffectBefore: est.batchEffect.fractionBefore,
        batchEffectAfter: est.batchEffect.fractionAfter,
      },
    };
  },
});
