/**
 * PyRadiomics `normalize`: z-score over the whole image (not only the ROI), optional clipping at
 * ±removeOutliers, then multiply by normalizeScale.
 */

export interface NormalizeOptions {
  /** Multiplier applied after the z-score. @default 1 */
  scale?: number;
  /** Clip z-scores to ±this before scaling; null = no clipping. @default null */
  removeOutliers?: number | null;
}

export function normalizeIntensities(data: ArrayLike<number>, opts: NormalizeOptions = {}): Float64Array {
  const scale = opts.scale ?? 1;
  const clip = opts.removeOutliers ?? null;
  const n = data.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += data[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (data[i] - mean) * (data[i] - mean);
  // SimpleITK's Normalize divides by the sample SD (n − 1); we match it.
  const sd = Math.sqrt(ss / (n - 1));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = (data[i] - mean) / sd;
    if (clip !== null) z = Math.min(clip, Math.max(-clip, z));
    out[i] = z * scale;
  }
  return out;
}
