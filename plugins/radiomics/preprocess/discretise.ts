/**
 * Grey-level discretisation of ROI intensities into levels 1..N (0 = outside the ROI).
 * Two formula sets: PyRadiomics' bin edges (NumPy arange/linspace + digitize, reproduced operation for
 * operation so that values on a bin edge land where PyRadiomics puts them) and IBSI's closed forms.
 */

export type Discretisation =
  | { type: 'binWidth'; width: number; /** IBSI FBS: the lower bound of the re-segmentation range, if any. */ min?: number }
  | { type: 'binCount'; count: number };

export interface DiscretiseOptions {
  /** Which formulas to use. @default 'pyradiomics' */
  mode?: 'pyradiomics' | 'ibsi';
  /** The mask's voxel indices, ascending, when the caller has them (the ROI is often a tenth of the grid). */
  indices?: Int32Array;
}

/** Indices of the non-zero voxels of a mask, ascending. */
export function maskIndices(mask: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  const out = new Int32Array(n);
  for (let i = 0, k = 0; k < n; i++) if (mask[i]) out[k++] = i;
  return out;
}

export interface Discretised {
  /** Level per voxel (1-based inside the ROI, 0 outside). */
  levels: Uint16Array;
  /** Highest level present (PyRadiomics' Ng). */
  nLevels: number;
  /** Bin edges used (PyRadiomics mode), or [min, max] of the IBSI formula. */
  edges: number[];
}

/** Python's float modulo: the result has the divisor's sign. */
function pyMod(a: number, b: number): number {
  return a - b * Math.floor(a / b);
}

/** numpy.arange(start, stop, step) for floats. */
function npArange(start: number, stop: number, step: number): number[] {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const delta = start + step - start;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = start + i * delta;
  return out;
}

/** numpy.linspace(start, stop, num) with endpoint. */
function npLinspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const out = new Array<number>(num);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

/** PyRadiomics getBinEdges. */
export function pyradiomicsBinEdges(min: number, max: number, d: Discretisation): number[] {
  if (d.type === 'binCount') {
    let lo = min;
    let hi = max;
    if (lo === hi) { lo -= 0.5; hi += 0.5; }
    const edges = npLinspace(lo, hi, d.count + 1);
    // PyRadiomics adds 1 to the last edge so digitize keeps the maximum in the top bin.
    edges[edges.length - 1] += 1;
    return edges;
  }
  const low = min - pyMod(min, d.width);
  const edges = npArange(low, max + 2 * d.width, d.width);
  if (edges.length === 1) return [edges[0] - 0.5, edges[0] + 0.5];
  return edges;
}

/**
 * numpy.digitize(x, edges), the number of edges ≤ x, for every ROI voxel, with edges as pyradiomicsBinEdges makes
 * them (increasing, evenly spaced but for binCount's last). Their spacing gives a guess (instead of a binary search
 * per voxel) that rounding can put a bin off; walking from it against the actual edges makes the result exact,
 * values on an edge included.
 * Returns the highest level assigned.
 */
export function digitizeRoi(values: ArrayLike<number>, roi: Int32Array, edges: number[], levels: Uint16Array): number {
  const nEdges = edges.length;
  const first = edges[0];
  // Leave out binCount's top edge, which PyRadiomics moved up by 1.
  const inner = nEdges > 2 ? nEdges - 2 : 1;
  const binsPerUnit = inner / (edges[inner] - first);
  let top = 0;
  for (let k = 0; k < roi.length; k++) {
    const i = roi[k];
    const x = values[i];
    const q = (x - first) * binsPerUnit;
    // Written so that NaN lands on 0, as the binary search gives.
    let level = q >= 0 ? (q < nEdges ? Math.floor(q) + 1 : nEdges) : 0;
    while (level < nEdges && edges[level] <= x) level++;
    while (level > 0 && edges[level - 1] > x) level--;
    levels[i] = level;
    if (level > top) top = level;
  }
  return top;
}

export function discretise(
  values: ArrayLike<number>,
  mask: Uint8Array,
  d: Discretisation,
  opts: DiscretiseOptions = {},
): Discretised {
  const mode = opts.mode ?? 'pyradiomics';
  const roi = opts.indices ?? maskIndices(mask);
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < roi.length; k++) {
    const v = values[roi[k]];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const levels = new Uint16Array(mask.length);
  let nLevels = 0;
  if (min === Infinity) return { levels, nLevels, edges: [] };
  const assign = (level: (v: number) => number) => {
    for (let k = 0; k < roi.length; k++) {
      const i = roi[k];
      const l = level(values[i]);
      levels[i] = l;
      if (l > nLevels) nLevels = l;
    }
  };
  if (mode === 'pyradiomics') {
    const edges = pyradiomicsBinEdges(min, max, d);
    if (edges.length > 65536) throw new RangeError(`discretisation gives ${edges.length - 1} bins (more than 65535); raise binWidth`);
    return { levels, nLevels: digitizeRoi(values, roi, edges, levels), edges };
  }
  if (d.type === 'binWidth') {
    const lo = d.min ?? min;
    const nb = Math.floor((max - lo) / d.width) + 1;
    if (nb > 65535) throw new RangeError(`discretisation gives ${nb} bins (more than 65535); raise binWidth`);
    assign((v) => Math.floor((v - lo) / d.width) + 1);
    return { levels, nLevels, edges: [lo, max] };
  }
  const range = max - min;
  // IBSI FBN: the maximum goes to the top bin; a flat ROI is one bin.
  assign((v) => (range === 0 ? 1 : v === max ? d.count : Math.floor((d.count * (v - min)) / range) + 1));
  return { levels, nLevels, edges: [min, max] };
}
