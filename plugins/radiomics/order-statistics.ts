/**
 * Values at given ranks of the sorted order without sorting (quickselect, Hoare partition): the percentiles of
 * first order need ten order statistics of the ROI, which costs a few partitioning passes instead of an n log n sort.
 */

/** Rearranges a[lo..hi] so that a[k] holds the value of rank k, smaller-or-equal values before it, larger-or-equal after. */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
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

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** The values of the given ranks (0-based positions in ascending order), as sorting then indexing would give. */
export function valuesAtRanks(values: ArrayLike<number>, ranks: number[]): Map<number, number> {
  const a = Float64Array.from(values);
  const wanted = [...new Set(ranks)].sort((x, y) => x - y);
  const out = new Map<number, number>();
  // Divide and conquer: place the middle rank, then the ranks left of it within its left part, and so on.
  const place = (from: number, to: number, lo: number, hi: number): void => {
    if (from > to) return;
    const m = (from + to) >> 1;
    const k = wanted[m];
    select(a, k, lo, hi);
    out.set(k, a[k]);
    place(from, m - 1, lo, k - 1);
    place(m + 1, to, k + 1, hi);
  };
  place(0, wanted.length - 1, 0, a.length - 1);
  return out;
}
