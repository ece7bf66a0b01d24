/**
 * Long rating tables (target, rater, value) to the complete n × k block the ANOVA needs.
 */
import { InvalidInputError } from '../../core/errors.js';
import { sortLevels } from '../combat/design.js';

export interface RatingBlock {
  targets: string[];
  raters: string[];
  /** One row per target, one value per rater (in `raters` order). */
  ratings: Float64Array[];
}

/** Pivots long ratings; every target must be rated once by every rater (pingouin drops incomplete targets; we refuse them). */
export function pivotRatings(targets: string[], raters: string[], values: ArrayLike<number>): RatingBlock {
  const raterLevels = sortLevels(raters);
  const targetLevels = [...new Set(targets)];
  const at = new Map(raterLevels.map((r, j) => [r, j]));
  const rows = new Map(targetLevels.map((t) => [t, new Float64Array(raterLevels.length).fill(NaN)]));
  for (let i = 0; i < targets.length; i++) {
    const row = rows.get(targets[i]) as Float64Array;
    const j = at.get(raters[i]) as number;
    if (!Number.isNaN(row[j])) throw new InvalidInputError(`target ${targets[i]} is rated twice by rater ${raters[i]}`);
    if (!Number.isFinite(values[i])) throw new InvalidInputError(`target ${targets[i]}, rater ${raters[i]}: missing value`, {}, 'Drop the target or impute the rating');
    row[j] = values[i];
  }
  for (const [t, row] of rows) {
    const missing = raterLevels.filter((_, j) => Number.isNaN(row[j]));
    if (missing.length) throw new InvalidInputError(`target ${t} has no rating from ${missing.join(', ')}`, {}, 'ICC needs every target rated by every rater; drop incomplete targets');
  }
  if (targetLevels.length < 2 || raterLevels.length < 2) {
    throw new InvalidInputError(`ICC needs at least 2 targets and 2 raters, got ${targetLevels.length} and ${raterLevels.length}`);
  }
  return { targets: targetLevels, raters: raterLevels, ratings: targetLevels.map((t) => rows.get(t) as Float64Array) };
}
