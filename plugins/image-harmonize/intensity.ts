/**
 * Intensity normalization of one image, as plain functions over voxel arrays: region selection
 * (mask, body by Otsu, or all voxels), percentiles, clipping, z-score, and Nyúl–Udupa piecewise
 * linear histogram standardization.
 */

/** Indices of the voxels a statistic is taken over. */
export type Region = Uint8Array | null;

/** Values of `data` inside `region` (all voxels when null), as a new Float64Array. */
export function regionValues(data: ArrayLike<number>, region: Region): Float64Array {
  if (!region) return Float64Array.from(data);
  let n = 0;
  for (let i = 0; i < region.length; i++) if (region[i]) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < region.length; i++) if (region[i]) out[k++] = data[i];
  return out;
}

/** Percentiles (0–100) by linear interpolation between order statistics (numpy's default). */
export function percentiles(values: Float64Array, ps: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return ps.map((p) => {
    if (n === 0) return NaN;
    const h = ((n - 1) * p) / 100;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, n - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  });
}

/** Otsu's threshold on a 256-bin histogram: the body/background split for `region: 'body'`. */
export function otsuThreshold(data: ArrayLike<number>): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < min) min = data[i];
    if (data[i] > max) max = data[i];
  }
  if (!(max > min)) return min;
  const bins = 256;
  const hist = new Float64Array(bins);
  const w = (max - min) / bins;
  for (let i = 0; i < data.length; i++) hist[Math.min(bins - 1, Math.floor((data[i] - min) / w))]++;
  const total = data.length;
  let sumAll = 0;
  for (let b = 0; b < bins; b++) sumAll += b * hist[b];
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let bestVar = -1;
  for (let b = 0; b < bins; b++) {
    wB += hist[b];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += b * hist[b];
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > bestVar) {
      bestVar = between;
      best = b;
    }
  }
  return min + (best + 1) * w;
}

export function bodyRegion(data: ArrayLike<number>): Uint8Array {
  const t = otsuThreshold(data);
  return Uint8Array.from(data as ArrayLike<number>, (v) => (v >= t ? 1 : 0));
}

/** Clips every voxel to [lo, hi]. */
export function clip(data: Float32Array, lo: number, hi: number): void {
  for (let i = 0; i < data.length; i++) data[i] = data[i] < lo ? lo : data[i] > hi ? hi : data[i];
}

/** (x − mean)/sd with mean and sd (n − 1) over the region; every voxel is transformed. */
export function zscore(data: Float32Array, region: Region): { mean: number; sd: number } {
  const v = regionValues(data, region);
  let mean = 0;
  for (const x of v) mean += x / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  const sd = Math.sqrt(ss / (v.length - 1));
  if (!(sd > 0)) throw new RangeError('the normalization region has no intensity variation');
  for (let i = 0; i < data.length; i++) data[i] = (data[i] - mean) / sd;
  return { mean, sd };
}

/** Nyúl's landmark percentiles: the min/max percentiles and deciles. @default [1, 10, 20, …, 90, 99] */
export const NYUL_PERCENTILES = [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99];

/** An image's landmarks mapped linearly so its first and last land on [s1, s2] (Nyúl training step). */
export function mapToStandardScale(landmarks: number[], s1 = 0, s2 = 100): number[] {
  const lo = landmarks[0];
  const hi = landmarks[landmarks.length - 1];
  return landmarks.map((l) => s1 + ((l - lo) / (hi - lo)) * (s2 - s1));
}

/** Piecewise-linear map from an image's landmarks to the standard ones (end segments extrapolate). */
export function nyulApply(data: Float32Array, landmarks: number[], standard: number[]): void {
  const L = landmarks.length;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    let s = 0;
    while (s < L - 2 && x > landmarks[s + 1]) s++;
    const a = landmarks[s];
    const b = landmarks[s + 1];
    data[i] = standard[s] + ((x - a) / (b - a)) * (standard[s + 1] - standard[s]);
  }
}
