/**
 * Nomogram of a logistic model, rms conventions: each predictor gets an axis over its range;
 * points_j(x) = (β_j·x − min over the axis of β_j·x)·PPU, where PPU (points per unit of linear
 * predictor) = 100 / the widest axis range of β·x, so the most influential predictor spans
 * 0–100 points. Total points map back to risk: plogis(LP_min + total/PPU), LP_min being the
 * intercept plus every axis minimum. Categorical predictors list their levels' effects
 * (reference level 0).
 */
import { InvalidInputError } from '../../core/errors.js';

export type NomogramAxisSpec =
  | { type: 'continuous'; name: string; coefficient: number; ticks: number[] }
  | { type: 'categorical'; name: string; levels: { label: string; effect: number }[] };

export interface NomogramAxis {
  name: string;
  /** Tick label (value or level) and its points. */
  ticks: { label: string; value?: number; points: number }[];
  /** Smallest contribution β·x on the axis. */
  minEffect: number;
}

export interface Nomogram {
  pointsPerUnit: number;
  axes: NomogramAxis[];
  /** Intercept + Σ axis minima: the linear predictor at 0 total points. */
  lpAtZero: number;
  /** Points of one subject (continuous values or level labels by predictor name). */
  totalPoints(subject: Record<string, number | string>): number;
  /** Risk at a number of total points. */
  risk(totalPoints: number): number;
  /** Total points at which the risk equals `r`. */
  pointsForRisk(r: number): number;
}

export function buildNomogram(intercept: number, specs: NomogramAxisSpec[]): Nomogram {
  const effects = specs.map((s) => (s.type === 'continuous' ? s.ticks.map((t) => s.coefficient * t) : s.levels.map((l) => l.effect)));
  const ranges = effects.map((e) => Math.max(...e) - Math.min(...e));
  const widest = Math.max(...ranges);
  if (!(widest > 0)) throw new InvalidInputError('every nomogram axis has zero range (all coefficients 0?)');
  const ppu = 100 / widest;
  const axes: NomogramAxis[] = specs.map((s, k) => {
    const minEffect = Math.min(...effects[k]);
    return {
      name: s.name,
      minEffect,
      ticks: s.type === 'continuous'
        ? s.ticks.map((t) => ({ label: String(t), value: t, points: (s.coefficient * t - minEffect) * ppu }))
        : s.levels.map((l) => ({ label: l.label, points: (l.effect - minEffect) * ppu })),
    };
  });
  const lpAtZero = intercept + axes.reduce((a, x) => a + x.minEffect, 0);
  return {
    pointsPerUnit: ppu,
    axes,
    lpAtZero,
    totalPoints(subject) {
      return specs.reduce((sum, s, k) => {
        const v = subject[s.name];
        if (v === undefined) throw new InvalidInputError(`subject has no value for ${s.name}`);
        if (s.type === 'continuous') return sum + (s.coefficient * Number(v) - axes[k].minEffect) * ppu;
        const level = s.levels.find((l) => l.label === String(v));
        if (!level) throw new InvalidInputError(`${s.name} = "${v}" is not one of ${s.levels.map((l) => l.label).join(', ')}`);
        return sum + (level.effect - axes[k].minEffect) * ppu;
      }, 0);
    },
    risk: (total) => 1 / (1 + Math.exp(-(lpAtZero + total / ppu))),
    pointsForRisk: (r) => (Math.log(r / (1 - r)) - lpAtZero) * ppu,
  };
}

/** The report's nomogram section: axes with points, and total points at the given risks. */
export function nomogramForReport(n: Nomogram, risks = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9]): { pointsPerUnit: number; axes: { name: string; ticks: { label: string; points: number }[] }[]; risk: { points: number; risk: number }[] } {
  return {
    pointsPerUnit: n.pointsPerUnit,
    axes: n.axes.map((a) => ({ name: a.name, ticks: a.ticks.map((t) => ({ label: t.label, points: t.points })) })),
    risk: risks.map((risk) => ({ risk, points: n.pointsForRisk(risk) })).filter((r) => r.points >= 0),
  };
}
