/**
 * Values at given ranks of the sorted order without sorting (quickselect, Hoare partition): the percentiles of
 * first order need ten order statistics of the ROI, which costs a few partitioning passes instead of an n log n sort.
 * With the voxels' discretised levels at hand, counting the levels narrows each selection to one level's values.
 */

/** Rearranges a[lo..hi] so that a[k] holds the value of rank k, smaller-or-equal values before it, larger-or-equal after. */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    // A percentile's upper neighbour is the least value right of the lower one: one scan, not a partitioning.
    if (k === lo) return moveLeastTo(a, lo, hi);
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot: sorted data (common in masks of smooth images) stays linear.
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi], and anything between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function moveLeastTo(a: Float64Array, lo: number, hi: number): void {
  let least = lo;
  for (let i = lo + 1; i <= hi; i++) if (a[i] < a[least]) least = i;
  swap(a, lo, least);
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Puts the value of each rank ranks[from..to] (ascending, within lo..hi) at its position in a. Divide and conquer:
 * place the middle rank, then the ranks left of it within its left part, and so on.
 */
function selectRanks(a: Float64Array, ranks: number[], from: number, to: number, lo: number, hi: number): void {
  if (from > to) return;
  const m = (from + to) >> 1;
  const k = ranks[m];
  select(a, k, lo, hi);
  selectRanks(a, ranks, from, m - 1, lo, k - 1);
  selectRanks(a, ranks, m + 1, to, k + 1, hi);
}

function ascendingUnique(ranks: number[]): number[] {
  return [...new Set(ranks)].sort((x, y) => x - y);
}

/** The values of the given ranks (0-based positions in ascending order), as sorting then indexing would give. */
export function valuesAtRanks(values: ArrayLike<number>, ranks: number[]): Map<number, number> {
  const a = Float64Array.from(values);
  const wanted = ascendingUnique(ranks);
  selectRanks(a, wanted, 0, wanted.length - 1, 0, a.length - 1);
  return new Map(wanted.map((k) => [k, a[k]]));
}

/** Voxel count, lowest and highest value of each level. */
function levelSummary(values: ArrayLike<number>, levels: Uint16Array, nLevels: number) {
  const count = new Int32Array(nLevels + 1);
  const lowest = new Float64Array(nLevels + 1).fill(Infinity);
  const highest = new Float64Array(nLevels + 1).fill(-Infinity);
  for (let i = 0; i < levels.length; i++) {
    const g = levels[i];
    const v = values[i];
    count[g]++;
    if (v < lowest[g]) lowest[g] = v;
    if (v > highest[g]) highest[g] = v;
  }
  return { count, lowest, highest };
}

/** Whether every value has a level up to nLevels, and no level holds a value above a value of a higher level. */
function levelsAreMonotone(n: number, count: Int32Array, lowest: Float64Array, highest: Float64Array): boolean {
  // A level above nLevels went uncounted.
  if (count.reduce((sum, c) => sum + c, 0) !== n) return false;
  let below = -Infinity;
  for (let g = 0; g < count.length; g++) {
    if (count[g] === 0) continue;
    if (lowest[g] < below) return false;
    below = highest[g];
  }
  return true;
}

/**
 * valuesAtRanks, given each value's level (0..nLevels) under a discretisation that is monotone in the values: the
 * sorted order is then the levels' values one level after another, so a counting sort by level puts each rank in
 * its level's stretch, and only the stretches holding wanted ranks need selecting in. Levels that turn out not to be
 * monotone fall back to valuesAtRanks, so the result is exact whatever the levels.
 */
export function valuesAtRanksByLevel(
  values: ArrayLike<number>,
  levels: Uint16Array,
  nLevels: number,
  ranks: number[],
): Map<number, number> {
  const { count, lowest, highest } = levelSummary(values, levels, nLevels);
  if (values.length === 0 || !levelsAreMonotone(values.length, count, lowest, highest)) return valuesAtRanks(values, ranks);
  const wanted = ascendingUnique(ranks);
  // Counting sort by level: each level's values end up between levelStart[g] and levelStart[g + 1].
  const levelStart = new Int32Array(nLevels + 2);
  for (let g = 0; g <= nLevels; g++) levelStart[g + 1] = levelStart[g] + count[g];
  const byLevel = new Float64Array(values.length);
  const fill = levelStart.slice();
  for (let i = 0; i < levels.length; i++) byLevel[fill[levels[i]]++] = values[i];
  // Then select within each level that holds wanted ranks, all of that level's ranks at once.
  let g = 0;
  for (let from = 0; from < wanted.length;) {
    while (levelStart[g + 1] <= wanted[from]) g++;
    let to = from;
    while (to + 1 < wanted.length && wanted[to + 1] < levelStart[g + 1]) to++;
    selectRanks(byLevel, wanted, from, to, levelStart[g], levelStart[g + 1] - 1);
    from = to + 1;
  }
  return new Map(wanted.map((k) => [k, byLevel[k]]));
}
