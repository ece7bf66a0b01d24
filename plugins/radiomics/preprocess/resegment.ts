/**
 * Re-segmentation: drop ROI voxels whose intensity lies outside a range (absolute HU, relative to the
 * ROI maximum, or mean ± k·SD), and IBSI outlier filtering (mean ± 3·SD after the range).
 */

export type ResegmentMode = 'absolute' | 'relative' | 'sigma';

/** Returns the new mask (0/1) and the thresholds actually applied. */
export function resegmentMask(
  values: ArrayLike<number>,
  mask: Uint8Array,
  range: number[],
  mode: ResegmentMode = 'absolute',
): { mask: Uint8Array; thresholds: number[] } {
  const sorted = [...range].sort((a, b) => a - b);
  let thresholds = sorted;
  if (mode === 'relative') {
    let max = -Infinity;
    for (let i = 0; i < mask.length; i++) if (mask[i] && values[i] > max) max = values[i];
    thresholds = sorted.map((t) => t * max);
  } else if (mode === 'sigma') {
    const { mean, sd } = roiMeanSd(values, mask);
    thresholds = sorted.map((t) => mean + t * sd);
  }
  const out = new Uint8Array(mask.length);
  const lo = thresholds[0];
  const hi = thresholds.length > 1 ? thresholds[1] : Infinity;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] && values[i] >= lo && values[i] <= hi) out[i] = 1;
  }
  return { mask: out, thresholds };
}

/** Mean and population SD (NumPy's default, as PyRadiomics and IBSI use) over the ROI. */
export function roiMeanSd(values: ArrayLike<number>, mask: Uint8Array): { mean: number; sd: number } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) { n++; sum += values[i]; }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) ss += (values[i] - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / n) };
}
