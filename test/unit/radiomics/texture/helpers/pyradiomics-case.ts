/**
 * A PyRadiomics test case (brain1, breast1) as a DiscretisedRegion, discretised the way PyRadiomics' binImage does
 * with a fixed bin width: edges from min − (min mod w) in steps of w, level = index of the bin (numpy.digitize).
 * With `binCount`, numpy.histogram's edges (linspace(min, max, n + 1), last edge + 1) as PyRadiomics uses them.
 * `minIntensity` drops voxels below it from the mask first (PyRadiomics `resegmentRange: [min]`).
 * Cropping to the mask's bounding box is not needed: the texture functions crop themselves.
 */
export interface CaseBinning {
  binWidth?: number;
  binCount?: number;
  minIntensity?: number;
}
import type { DiscretisedRegion } from '../../../../../plugins/radiomics/texture/types.js';
import { readNrrd } from './nrrd.js';

export function readPyradiomicsCase(imagePath: string, labelPath: string, binning: CaseBinning = {}, label = 1): DiscretisedRegion {
  const image = readNrrd(imagePath);
  const lab = readNrrd(labelPath);
  const n = image.data.length;
  const mask = new Uint8Array(n);
  let min = Infinity, maxValue = -Infinity;
  for (let i = 0; i < n; i++) {
    if (lab.data[i] === label && image.data[i] >= (binning.minIntensity ?? -Infinity)) {
      mask[i] = 1;
      if (image.data[i] < min) min = image.data[i];
      if (image.data[i] > maxValue) maxValue = image.data[i];
    }
  }
  if (binning.binCount !== undefined) return binByCount(image.data, mask, image.size, binning.binCount, min, maxValue);
  const binWidth = binning.binWidth ?? 25;
  // Python's % is a floor modulo: lowBound ≤ min also for negative intensities.
  const low = min - (((min % binWidth) + binWidth) % binWidth);
  const levels = new Int32Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    levels[i] = Math.floor((image.data[i] - low) / binWidth) + 1;
    if (levels[i] > max) max = levels[i];
  }
  return { levels, mask, size: image.size, nLevels: max };
}

function binByCount(data: ArrayLike<number>, mask: Uint8Array, size: [number, number, number], count: number, min: number, max: number): DiscretisedRegion {
  // numpy.linspace: start + k·step, last edge exactly max; PyRadiomics then adds 1 to the last edge.
  const step = (max - min) / count;
  const edges = Float64Array.from({ length: count + 1 }, (_, k) => min + k * step);
  edges[count] = max + 1;
  const levels = new Int32Array(data.length);
  let top = 0;
  for (let i = 0; i < data.length; i++) {
    if (!mask[i]) continue;
    // numpy.digitize (right=False): the number of edges ≤ x.
    let lo = 0, hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= data[i]) lo = mid + 1;
      else hi = mid;
    }
    levels[i] = lo;
    if (lo > top) top = lo;
  }
  return { levels, mask, size, nLevels: top };
}
