/**
 * The AUC alone (Mann–Whitney with midranks, ties count ½), for bootstrap replicates and
 * cross-validation where the DeLong placements are not needed.
 */
import type { Direction } from './delong.js';

export function aucMannWhitney(cases: ArrayLike<number>, controls: ArrayLike<number>, direction: Direction = '<'): number {
  const m = cases.length;
  const n = controls.length;
  const sign = direction === '<' ? 1 : -1;
  const v = new Float64Array(m + n);
  const isCase = new Uint8Array(m + n);
  for (let i = 0; i < m; i++) {
    v[i] = sign * cases[i];
    isCase[i] = 1;
  }
  for (let j = 0; j < n; j++) v[m + j] = sign * controls[j];
  const order = new Int32Array(m + n);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => v[a] - v[b]);
  let rankSumCases = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    let casesInTie = 0;
    while (j + 1 < order.length && v[order[j + 1]] === v[order[i]]) j++;
    for (let k = i; k <= j; k++) casesInTie += isCase[order[k]];
    rankSumCases += casesInTie * ((i + j + 2) / 2);
    i = j + 1;
  }
  return (rankSumCases - (m * (m + 1)) / 2) / (m * n);
}

/** AUC from 0/1 labels and scores (higher score = case). */
export function aucFromLabels(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const cases: number[] = [];
  const controls: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? cases : controls).push(scores[i]);
  return aucMannWhitney(cases, controls);
}
