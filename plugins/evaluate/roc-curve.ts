/**
 * ROC curve points and bootstrap confidence bands of sensitivity over a grid of specificities
 * (pROC `ci.se` style, stratified resampling). Both are aggregates: a curve on a fixed grid
 * reveals no individual score.
 */
import { quantileType7 } from '../../core/stats/quantile-type7.js';
import { xoshiro128 } from '../../core/random.js';

export interface RocPoint {
  fpr: number;
  tpr: number;
}

/** Empirical ROC (score ≥ t is positive), from (0,0) to (1,1), one point per distinct score. */
export function rocCurve(cases: ArrayLike<number>, controls: ArrayLike<number>): RocPoint[] {
  const c = Float64Array.from(cases).sort();
  const d = Float64Array.from(controls).sort();
  const thresholds = [...new Set([...c, ...d])].sort((a, b) => b - a);
  const pts: RocPoint[] = [{ fpr: 0, tpr: 0 }];
  let i = c.length, j = d.length;
  for (const t of thresholds) {
    while (i > 0 && c[i - 1] >= t) i--;
    while (j > 0 && d[j - 1] >= t) j--;
    pts.push({ fpr: (d.length - j) / d.length, tpr: (c.length - i) / c.length });
  }
  return pts;
}

/** Highest sensitivity reached at specificity ≥ sp on a curve (a step function). */
export function sensitivityAt(curve: RocPoint[], specificity: number): number {
  let best = 0;
  for (const p of curve) if (1 - p.fpr >= specificity - 1e-12 && p.tpr > best) best = p.tpr;
  return best;
}

export interface RocBandPoint {
  specificity: number;
  sensitivity: number;
  lower: number;
  upper: number;
}

export interface RocBandOptions {
  /** @default 2000 */
  replicates?: number;
  /** @default 1 */
  seed?: number;
  /** @default 0.95 */
  level?: number;
  /** Specificity grid. @default 0, 0.02, …, 1 */
  specificities?: number[];
}

export function rocBand(cases: ArrayLike<number>, controls: ArrayLike<number>, options: RocBandOptions = {}): RocBandPoint[] {
  const { replicates = 2000, seed = 1, level = 0.95 } = options;
  const grid = options.specificities ?? Array.from({ length: 51 }, (_, k) => k / 50);
  const base = rocCurve(cases, controls);
  const rand = xoshiro128(seed);
  const samples = grid.map(() => new Float64Array(replicates));
  const bx = new Float64Array(cases.length);
  const by = new Float64Array(controls.length);
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < bx.length; i++) bx[i] = cases[Math.floor(rand() * bx.length)];
    for (let j = 0; j < by.length; j++) by[j] = controls[Math.floor(rand() * by.length)];
    const curve = rocCurve(bx, by);
    grid.forEach((sp, g) => (samples[g][b] = sensitivityAt(curve, sp)));
  }
  const a = (1 - level) / 2;
  return grid.map((sp, g) => {
    const [lower, upper] = quantileType7(samples[g], [a, 1 - a]);
    return { specificity: sp, sensitivity: sensitivityAt(base, sp), lower, upper };
  });
}
