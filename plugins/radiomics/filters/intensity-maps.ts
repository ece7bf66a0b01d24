/**
 * PyRadiomics' point-wise filters. Each rescales with the largest |intensity| of the image PyRadiomics
 * would filter (the whole image, or its resampled crop), passed in as `maxAbs`, so that values inside
 * the ROI do not depend on how far we cropped.
 */

export function squareMap(x: Float64Array, maxAbs: number): Float64Array {
  const c = 1 / Math.sqrt(maxAbs);
  return x.map((v) => (c * v) ** 2);
}

export function squareRootMap(x: Float64Array, maxAbs: number): Float64Array {
  return x.map((v) => (v > 0 ? Math.sqrt(v * maxAbs) : v < 0 ? -Math.sqrt(-v * maxAbs) : v));
}

/**
 * @param maxAbsLog largest |log-mapped value| over the same image: log(maxAbs + 1), since the map is
 * monotone in |x|.
 */
export function logarithmMap(x: Float64Array, maxAbs: number): Float64Array {
  const maxLog = Math.log(maxAbs + 1);
  return x.map((v) => {
    const m = v > 0 ? Math.log(v + 1) : v < 0 ? -Math.log(-(v - 1)) : v;
    return m * (maxAbs / maxLog);
  });
}

export function exponentialMap(x: Float64Array, maxAbs: number): Float64Array {
  const c = Math.log(maxAbs) / maxAbs;
  return x.map((v) => Math.exp(c * v));
}
