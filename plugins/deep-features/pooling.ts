/**
 * Pools a feature map [C, fz, fy, fx] inside a region given on a finer (or equal) grid. Each feature
 * cell is weighted by the fraction of its voxels inside the region, so an encoder whose bottleneck
 * is 8× coarser than the crop still pools where the lesion is; at equal grids it is a plain masked
 * mean/std/max.
 */
import type { Vec3 } from '../../core/image/image.js';

export type PoolingStat = 'mean' | 'std' | 'max';

/** Region weight of each feature cell: the fraction of region voxels among the voxels that map to it. */
export function cellWeights(region: Uint8Array, regionSize: Vec3, cells: Vec3): Float64Array {
  const inside = new Float64Array(cells[0] * cells[1] * cells[2]);
  const total = new Float64Array(inside.length);
  const map = [0, 1, 2].map((a) => Int32Array.from({ length: regionSize[a] }, (_, i) => Math.min(cells[a] - 1, Math.floor((i * cells[a]) / regionSize[a]))));
  let i = 0;
  for (let z = 0; z < regionSize[2]; z++) {
    for (let y = 0; y < regionSize[1]; y++) {
      const row = map[1][y] * cells[0] + map[2][z] * cells[0] * cells[1];
      for (let x = 0; x < regionSize[0]; x++, i++) {
        const c = row + map[0][x];
        total[c]++;
        if (region[i]) inside[c]++;
      }
    }
  }
  for (let c = 0; c < inside.length; c++) inside[c] = total[c] > 0 ? inside[c] / total[c] : 0;
  return inside;
}

/** Values ordered stat-major: [mean c0…cK, std c0…cK, max c0…cK] for the stats asked for. */
export function poolFeatures(features: Float32Array, channels: number, weights: Float64Array, stats: PoolingStat[]): Float64Array {
  const n = weights.length;
  const out = new Float64Array(stats.length * channels);
  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += weights[i];
  for (let c = 0; c < channels; c++) {
    const off = c * n;
    let s = 0;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (w === 0) continue;
      const v = features[off + i];
      s += w * v;
      if (v > max) max = v;
    }
    const mean = s / wsum;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (w !== 0) ss += w * (features[off + i] - mean) ** 2;
    }
    stats.forEach((stat, k) => {
      out[k * channels + c] = stat === 'mean' ? mean : stat === 'std' ? Math.sqrt(ss / wsum) : max;
    });
  }
  return out;
}
