/**
 * `select.features`: feature selection as a federated stage. Round 1: each site sends per-feature
 * counts, means and centered second moments (overall and per outcome class) and, when correlations
 * or PCA are asked for, its centered cross-product matrix (F × F: large for thousands of
 * features). With `mutualInformation`, round 2: sites count their cases into class × bin cells on
 * bins fixed from the pooled mean and sd. The coordinator merges everything (Chan) and runs
 * `selectFeatures`; `apply` keeps the selected columns (and adds PCA scores) in each site's table.
 */
import { z } from 'zod';
import { InvalidInputError, PrivacyViolationError } from '../../core/errors.js';
import { definePlugin, type Partial, type SiteTableContext } from '../../core/plugin.js';
import type { Column, Table } from '../../core/tables/table.js';
import { asText, featureColumns, joinByCaseId } from '../combat/site-table.js';
import { checkComplete } from '../combat/combat.js';
import { computeFeatureMoments, mergeFeatureMoments, type FeatureMoments, type GroupMoments } from './moments.js';
import { binEdges, jointCounts, mutualInformation } from './mutual-information.js';
import { projectPca } from './pca.js';
import { selectFeatures, type SelectionResult } from './select.js';

export const selectParams = z.object({
  /** Upstream stage whose table holds the features (e.g. the ComBat stage). */
  from: z.string().min(1),
  features: z.string().optional(),
  /** Outcome column (feature table or cases.csv) for univariate tests. */
  outcome: z.string().optional(),
  /** Columns that are never features (besides case_id and the outcome). */
  exclude: z.array(z.string()).default([]),
  minVariance: z.number().default(0),
  minCv: z.number().default(1e-8),
  /** Reliability (e.g. ICC(3,1)) per feature. */
  reliability: z.record(z.string(), z.number()).optional(),
  /** Or: an upstream stage whose global result holds `{ icc: Record<feature, number> }`. */
  reliabilityFrom: z.string().optional(),
  iccThreshold: z.number().default(0.75),
  correlationThreshold: z.number().nullable().default(0.9),
  maxP: z.number().optional(),
  topK: z.number().int().positive().optional(),
  pcaComponents: z.number().int().nonnegative().default(0),
  /** Also estimate mutual information with the outcome (a second round of binned counts). */
  mutualInformation: z.boolean().default(false),
  /** Equal-probability bins (under a normal with the pooled mean and sd) for mutual information. */
  miBins: z.number().int().min(2).max(20).default(4),
  /** What topK ranks by. */
  rankBy: z.enum(['p', 'mi']).default('p'),
  minCount: z.number().int().positive().default(5),
  /**
   * Most features for which the F × F cross-product matrix (correlation, PCA) is sent: a partial
   * travels as a Temporal payload (2 MB at most), and 250² numbers are about 1.2 MB of JSON.
   */
  maxCrossFeatures: z.number().int().positive().default(250),
});
export type SelectParams = z.infer<typeof selectParams>;

export interface SelectGlobal extends SelectionResult {
  phase: 'done';
  features: string[];
}

interface SerialGroup {
  n: number;
  mean: number[];
  m2: number[];
}

/** Between the rounds: pooled moments and the bins every site counts into. */
export interface SelectMiRound {
  phase: 'mi';
  features: string[];
  classes: string[];
  edges: number[][];
  moments: { all: SerialGroup; classes: (SerialGroup & { label: string })[]; comoment: number[] | null };
}

export type SelectState = SelectMiRound | SelectGlobal;

const serial = (g: GroupMoments): SerialGroup => ({ n: g.n, mean: Array.from(g.mean), m2: Array.from(g.m2) });
const unserial = (g: SerialGroup): GroupMoments => ({ n: g.n, mean: Float64Array.from(g.mean), m2: Float64Array.from(g.m2) });

interface SiteData {
  table: Table;
  names: string[];
  y: Float64Array[];
  outcome: string[] | null;
}

async function readSite(ctx: SiteTableContext, p: SelectParams): Promise<SiteData> {
  const upstream = await ctx.table(p.from);
  const table = joinByCaseId(upstream, ctx.cases, { site: ctx.site });
  const names = featureColumns(upstream, { features: p.features, exclude: [...p.exclude, ...(p.outcome ? [p.outcome] : [])] });
  const y = names.map((n) => table.columns[n] as Float64Array);
  checkComplete(y, names, asText(table.columns.case_id));
  let outcome: string[] | null = null;
  if (p.outcome) {
    const c = table.columns[p.outcome];
    if (!c) throw new InvalidInputError(`outcome column "${p.outcome}" is in neither stage ${p.from}'s table nor cases.csv`, { site: ctx.site });
    outcome = asText(c);
  }
  return { table, names, y, outcome };
}

function reliabilityOf(ctx: SiteTableContext, p: SelectParams): Record<string, number> | undefined {
  if (p.reliability) return p.reliability;
  if (!p.reliabilityFrom) return undefined;
  // `global(stage)` is part of the site context where the runtime offers upstream global results.
  const g = (ctx as SiteTableContext & { global?: (stage: string) => unknown }).global?.(p.reliabilityFrom) as { icc?: Record<string, number> } | undefined;
  if (!g?.icc) throw new InvalidInputError(`stage ${p.reliabilityFrom} has no ICC result to filter by`, { site: ctx.site });
  return g.icc;
}

function finalSelection(names: string[], merged: FeatureMoments, p: SelectParams, partials: { partial: Partial }[], mi?: number[]): SelectGlobal {
  const relValues = partials[0].partial.values.reliability as number[] | undefined;
  const reliability = p.reliability ?? (relValues ? Object.fromEntries(names.map((n, f) => [n, relValues[f] ?? NaN])) : undefined);
  const result = selectFeatures(names, merged, { ...p, reliability, correlationThreshold: p.correlationThreshold, mi, rankBy: p.rankBy });
  return { phase: 'done', features: names, ...result };
}

const group = (g: GroupMoments) => ({ n: g.n, mean: Array.from(g.mean), m2: Array.from(g.m2) });

export default definePlugin({
  id: 'select.features',
  version: '1.0.0',
  kind: 'federated',
  description: 'Variance, ICC, univariate and correlation-redundancy feature selection and PCA from per-site sums',
  params: selectParams,

  async local(ctx, p, global: SelectState | null): Promise<Partial> {
    const d = await readSite(ctx, p);
    const n = d.y[0].length;
    if (global?.phase === 'mi') {
      if (d.names.join('\u0000') !== global.features.join('\u0000')) throw new InvalidInputError('the feature columns differ from the other sites', { site: ctx.site });
      const counts = d.y.map((x, f) => jointCounts(x, d.outcome ?? [], global.classes, global.edges[f]));
      const nonzero = counts.flat(2).filter((c) => c > 0);
      const minCell = Math.min(...nonzero);
      if (minCell < p.minCount) {
        throw new PrivacyViolationError(`a class × bin cell would hold ${minCell} case(s), under minCount ${p.minCount}`, { site: ctx.site }, 'Use fewer miBins, or drop mutualInformation');
      }
      const values: Partial['values'] = {};
      global.classes.forEach((_, c) => (values[`mi.class${c}`] = counts.map((byClass) => byClass[c])));
      return { count: n, minCellCount: minCell, values };
    }
    const withCross = p.correlationThreshold !== null || p.pcaComponents > 0;
    if (withCross && d.names.length > p.maxCrossFeatures) {
      throw new InvalidInputError(
        `correlation filtering and PCA need the ${d.names.length} × ${d.names.length} cross-product matrix, more than maxCrossFeatures (${p.maxCrossFeatures}) allows in one payload`,
        { site: ctx.site },
        'Filter first (a select.features stage with correlationThreshold: null and maxP/topK, or reliability.icc), narrow the features regex, or raise maxCrossFeatures',
      );
    }
    const m = computeFeatureMoments(d.y, d.outcome, withCross);
    const cells = [n, ...[...m.classes.values()].map((g) => g.n)];
    const minCell = Math.min(...cells);
    if (minCell < p.minCount) {
      throw new PrivacyViolationError(`feature sums would cover a group of ${minCell} case(s), under minCount ${p.minCount}`, { site: ctx.site }, 'Merge rare outcome classes or lower minCount if governance allows');
    }
    const values: Partial['values'] = { features: d.names, all: [group(m.all).n], mean: group(m.all).mean, m2: group(m.all).m2 };
    const labels = [...m.classes.keys()];
    if (labels.length) values.classes = labels;
    labels.forEach((l, i) => {
      const g = group(m.classes.get(l)!);
      values[`class${i}.n`] = g.n;
      values[`class${i}.mean`] = g.mean;
      values[`class${i}.m2`] = g.m2;
    });
    if (m.comoment) {
      const F = d.names.length;
      values.comoment = Array.from({ length: F }, (_, a) => Array.from(m.comoment!.subarray(a * F, (a + 1) * F)));
    }
    const rel = reliabilityOf(ctx, p);
    if (rel) values.reliability = d.names.map((f) => rel[f] ?? NaN);
    return { count: n, minCellCount: minCell, values };
  },

  aggregate(partials, p, previous: SelectState | null): { global: SelectState; done: boolean } {
    if (previous?.phase === 'mi') {
      const F = previous.features.length;
      const mi = Array.from({ length: F }, (_, f) =>
        mutualInformation(previous.classes.map((_, c) => partials.reduce<number[]>((acc, { partial }) => {
          const row = (partial.values[`mi.class${c}`] as number[][])[f];
          return acc.length ? acc.map((v, b) => v + row[b]) : [...row];
        }, []))),
      );
      const mm = previous.moments;
      const merged: FeatureMoments = {
        all: unserial(mm.all),
        classes: new Map(mm.classes.map((g) => [g.label, unserial(g)])),
        comoment: mm.comoment ? Float64Array.from(mm.comoment) : null,
      };
      return { global: finalSelection(previous.features, merged, p, partials, mi), done: true };
    }
    const names = partials[0].partial.values.features as string[];
    const parts: FeatureMoments[] = partials.map(({ site, partial: { values: v } }) => {
      if ((v.features as string[]).join('\u0000') !== names.join('\u0000')) throw new InvalidInputError('the feature columns differ from the first site', { site });
      const F = names.length;
      const classes = new Map<string, GroupMoments>();
      ((v.classes as string[] | undefined) ?? []).forEach((l, i) =>
        classes.set(l, { n: v[`class${i}.n`] as number, mean: Float64Array.from(v[`class${i}.mean`] as number[]), m2: Float64Array.from(v[`class${i}.m2`] as number[]) }),
      );
      const comoment = v.comoment ? Float64Array.from((v.comoment as number[][]).flat()) : null;
      if (comoment && comoment.length !== F * F) throw new InvalidInputError('malformed co-moment matrix', { site });
      return { all: { n: (v.all as number[])[0], mean: Float64Array.from(v.mean as number[]), m2: Float64Array.from(v.m2 as number[]) }, classes, comoment };
    });
    const merged = mergeFeatureMoments(parts);
    if (p.mutualInformation && p.outcome) {
      const classes = [...merged.classes.keys()].sort();
      const edges = names.map((_, f) => binEdges(merged.all.mean[f], Math.sqrt(merged.all.m2[f] / (merged.all.n - 1)), p.miBins));
      const round: SelectMiRound = {
        phase: 'mi',
        features: names,
        classes,
        edges,
        moments: {
          all: serial(merged.all),
          classes: classes.map((label) => ({ label, ...serial(merged.classes.get(label)!) })),
          comoment: merged.comoment ? Array.from(merged.comoment) : null,
        },
      };
      return { global: round, done: false };
    }
    return { global: finalSelection(names, merged, p, partials), done: true };
  },

  async apply(ctx, p, global: SelectState) {
    if (global.phase !== 'done') throw new InvalidInputError(`select.features apply called in phase ${global.phase}`);
    const upstream = await ctx.table(p.from);
    const dropped = new Set(global.features.filter((f) => !global.selected.includes(f)));
    const names = upstream.names.filter((n) => !dropped.has(n));
    const columns: Record<string, Column> = Object.fromEntries(names.map((n) => [n, upstream.columns[n]]));
    if (global.pca) {
      const scores = projectPca(global.pca, global.pca.features.map((f) => upstream.columns[f] as Float64Array));
      scores.forEach((s, k) => {
        columns[`pc_${k + 1}`] = s;
        names.push(`pc_${k + 1}`);
      });
    }
    return { table: { names, columns }, summary: { selected: global.selected.length, of: global.features.length } };
  },
});
