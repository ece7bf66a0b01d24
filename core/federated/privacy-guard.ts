/**
 * The privacy guard: the last check before a federated partial leaves a site. It refuses a
 * partial that summarises fewer than `minCount` cases (in total or in any cell it declares), and
 * any array as long as the site's case count, which is the signature of a per-case vector.
 */
import type { Partial, PartialValue } from '../plugin.js';
import { PrivacyViolationError } from '../errors.js';

export interface GuardContext {
  site: string;
  stage: string;
  /** Number of cases the site holds for this stage. */
  siteCaseCount: number;
  minCount: number;
}

function lengths(v: PartialValue): number[] {
  if (!Array.isArray(v)) return [];
  if (v.length && Array.isArray(v[0])) return [v.length, ...(v as number[][]).map((r) => r.length)];
  return [v.length];
}

export function checkPartial(p: Partial, g: GuardContext): void {
  const where = { site: g.site };
  if (!Number.isInteger(p.count) || p.count < 0) {
    throw new PrivacyViolationError(`stage ${g.stage}: the partial declares an invalid count ${p.count}`, where, 'A plugin must declare how many cases its partial summarises');
  }
  if (p.count < g.minCount) {
    throw new PrivacyViolationError(`stage ${g.stage}: the partial summarises ${p.count} cases, fewer than minCount ${g.minCount}`, where, 'Exclude this site from the stage, or lower settings.minCount if your governance allows it');
  }
  const cell = p.minCellCount ?? p.count;
  if (cell < g.minCount) {
    throw new PrivacyViolationError(`stage ${g.stage}: a cell of the partial (e.g. one batch or class) holds ${cell} cases, fewer than minCount ${g.minCount}`, where, 'Merge small groups, exclude the site, or lower settings.minCount if your governance allows it');
  }
  if (g.siteCaseCount > 1) {
    for (const [key, value] of Object.entries(p.values)) {
      if (lengths(value).includes(g.siteCaseCount)) {
        throw new PrivacyViolationError(`stage ${g.stage}: partial value "${key}" has a dimension of ${g.siteCaseCount}, the site's case count: it looks like a per-case array`, where, 'Send aggregates only (sums, cross-products, counts), never one value per case');
      }
    }
  }
}
