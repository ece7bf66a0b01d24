/**
 * Prepares a DiscretisedRegion for the matrix builders: crops to the mask's bounding box (what PyRadiomics does before
 * texture extraction, so results do not depend on padding) and maps grey levels to compact indices 0..Ngp-1 over the
 * levels present in the ROI (PyRadiomics deletes the empty grey levels from every matrix).
 */
import type { DiscretisedRegion } from './types.js';

export interface PreparedRegion {
  /** Compact grey-level index per voxel of the cropped box, -1 outside the mask. x-fastest. */
  q: Int32Array;
  sx: number;
  sy: number;
  sz: number;
  /** Position of the box's first voxel in the input grid, [x0, y0, z0]. */
  origin: [number, number, number];
  /** Grey levels present in the ROI, ascending (PyRadiomics `grayLevels`). */
  grayLevels: Float64Array;
  /** Number of voxels in the ROI. */
  nVoxels: number;
  /** region.nLevels, the Ng of the normalised features. */
  nLevels: number;
}

/**
 * Every texture family of one image prepares the same region: keep the result per region object. The region's arrays
 * are treated as immutable once passed (the families never write them); a changed array or size is a new entry.
 */
const cache = new WeakMap<DiscretisedRegion, { levels: ArrayLike<number>; mask: ArrayLike<number>; size: string; nLevels: number; prepared: PreparedRegion }>();

export function prepareRegion(region: DiscretisedRegion): PreparedRegion {
  const hit = cache.get(region);
  const size = region.size.join(',');
  if (hit && hit.levels === region.levels && hit.mask === region.mask && hit.size === size && hit.nLevels === region.nLevels) return hit.prepared;
  const prepared = prepareRegionUncached(region);
  cache.set(region, { levels: region.levels, mask: region.mask, size, nLevels: region.nLevels, prepared });
  return prepared;
}

function prepareRegionUncached(region: DiscretisedRegion): PreparedRegion {
  const [SX, SY, SZ] = region.size;
  const n = SX * SY * SZ;
  if (region.levels.length !== n || region.mask.length !== n) {
    throw new RangeError(
      `texture: levels (${region.levels.length}) and mask (${region.mask.length}) must both hold size ` +
        `${SX}×${SY}×${SZ} = ${n} voxels; pass the discretised image and its mask on the same grid.`,
    );
  }
  let x0 = SX, y0 = SY, z0 = SZ, x1 = -1, y1 = -1, z1 = -1;
  let maxLevel = 0;
  for (let z = 0, i = 0; z < SZ; z++) {
    for (let y = 0; y < SY; y++) {
      for (let x = 0; x < SX; x++, i++) {
        if (!region.mask[i]) continue;
        const g = region.levels[i];
        if (!(g >= 1) || !Number.isInteger(g)) {
          throw new RangeError(`texture: voxel (${x}, ${y}, ${z}) in the mask has grey level ${g}; discretise to integers 1..nLevels first.`);
        }
        if (g > maxLevel) maxLevel = g;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (z < z0) z0 = z;
        if (z > z1) z1 = z;
      }
    }
  }
  if (x1 < 0) {
    return { q: new Int32Array(0), sx: 0, sy: 0, sz: 0, origin: [0, 0, 0], grayLevels: new Float64Array(0), nVoxels: 0, nLevels: region.nLevels };
  }
  const sx = x1 - x0 + 1, sy = y1 - y0 + 1, sz = z1 - z0 + 1;
  const present = new Uint8Array(maxLevel + 1);
  for (let z = z0; z <= z1; z++) {
    for (let y = y0; y <= y1; y++) {
      let i = x0 + y * SX + z * SX * SY;
      for (let x = x0; x <= x1; x++, i++) if (region.mask[i]) present[region.levels[i]] = 1;
    }
  }
  const lut = new Int32Array(maxLevel + 1).fill(-1);
  const levels: number[] = [];
  for (let g = 1; g <= maxLevel; g++) if (present[g]) { lut[g] = levels.length; levels.push(g); }
  const q = new Int32Array(sx * sy * sz).fill(-1);
  let nVoxels = 0;
  for (let z = z0, o = 0; z <= z1; z++) {
    for (let y = y0; y <= y1; y++) {
      let i = x0 + y * SX + z * SX * SY;
      for (let x = x0; x <= x1; x++, i++, o++) {
        if (region.mask[i]) { q[o] = lut[region.levels[i]]; nVoxels++; }
      }
    }
  }
  return { q, sx, sy, sz, origin: [x0, y0, z0], grayLevels: Float64Array.from(levels), nVoxels, nLevels: region.nLevels };
}

/** Mean over the finite values (numpy.nanmean); NaN when none is finite. */
export function nanMean(values: ArrayLike<number>): number {
  let s = 0, n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) { s += v; n++; }
  }
  return n === 0 ? NaN : s / n;
}

/** numpy.spacing(1): PyRadiomics adds it inside every log2 so that 0·log(0) is 0. */
export const EPS = 2.220446049250313e-16;
