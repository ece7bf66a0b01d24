/**
 * Prepares a DiscretisedRegion for the matrix builders: crops to the mask's bounding box (what PyRadiomics does before
 * texture extraction, so results do not depend on padding) and maps grey levels to compact indices 0..Ngp-1 over the
 * levels present in the ROI (PyRadiomics deletes the empty grey levels from every matrix).
 *
 * The box is stored padded by `pad` voxels of -1 on every side, with the list of its ROI voxels: the builders walk the
 * ROI voxels (a small part of the box) and read neighbours up to `pad` away without bounds tests.
 */
import type { DiscretisedRegion } from './types.js';

export interface PreparedRegion {
  /** Compact grey-level index per voxel of the padded box, -1 outside the mask. x-fastest, rows of px, slices of pxy. */
  q: Int32Array;
  /** Box size (without padding). */
  sx: number;
  sy: number;
  sz: number;
  /** Padding width and the padded strides: box voxel (x, y, z) is q[(x + pad) + (y + pad)·px + (z + pad)·pxy]. */
  pad: number;
  px: number;
  pxy: number;
  /** Index in q of every ROI voxel, ascending (slice by slice, x fastest). */
  roi: Int32Array;
  /** roi[sliceStart[z] .. sliceStart[z + 1]) are the ROI voxels of box slice z; length sz + 1. */
  sliceStart: Int32Array;
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
  const { levels, mask } = region;
  if (levels.length !== n || mask.length !== n) {
    throw new RangeError(
      `texture: levels (${levels.length}) and mask (${mask.length}) must both hold size ` +
        `${SX}×${SY}×${SZ} = ${n} voxels; pass the discretised image and its mask on the same grid.`,
    );
  }
  const m = maskLayout(mask, region.size);
  const { at, nVoxels, roi } = m;
  // Raw levels into the padded box first (one gather from the grid), then compact indices in place.
  const q = new Int32Array(m.qLength).fill(-1);
  let maxLevel = 0;
  for (let t = 0; t < nVoxels; t++) {
    const g = levels[at[t]];
    if (!(g >= 1) || !Number.isInteger(g)) {
      const i = at[t], x = i % SX, y = Math.floor(i / SX) % SY, z = Math.floor(i / (SX * SY));
      throw new RangeError(`texture: voxel (${x}, ${y}, ${z}) in the mask has grey level ${g}; discretise to integers 1..nLevels first.`);
    }
    if (g > maxLevel) maxLevel = g;
    q[roi[t]] = g;
  }
  const lut = new Int32Array(maxLevel + 1);
  for (let t = 0; t < nVoxels; t++) lut[q[roi[t]]] = 1;
  const grey: number[] = [];
  for (let g = 1; g <= maxLevel; g++) if (lut[g]) { lut[g] = grey.length; grey.push(g); }
  for (let t = 0; t < nVoxels; t++) q[roi[t]] = lut[q[roi[t]]];
  const { sx, sy, sz, pad, px, pxy, sliceStart, origin } = m;
  return { q, sx, sy, sz, pad, px, pxy, roi, sliceStart, origin, grayLevels: Float64Array.from(grey), nVoxels, nLevels: region.nLevels };
}

/** Where a mask's ROI voxels lie: the padded box and the grid index of each ROI voxel. */
interface MaskLayout extends Pick<PreparedRegion, 'sx' | 'sy' | 'sz' | 'pad' | 'px' | 'pxy' | 'roi' | 'sliceStart' | 'origin' | 'nVoxels'> {
  /** Grid index of each ROI voxel, in the order of roi. */
  at: Int32Array;
  /** Length of the padded box. */
  qLength: number;
}

/** The filtered images of one case share their mask: its layout is worked out once (the arrays are immutable once passed). */
const layouts = new WeakMap<object, { size: string; layout: MaskLayout }>();

function maskLayout(mask: ArrayLike<number>, size: [number, number, number]): MaskLayout {
  const key = size.join(',');
  const hit = layouts.get(mask as object);
  if (hit && hit.size === key) return hit.layout;
  const layout = maskLayoutUncached(mask, size);
  layouts.set(mask as object, { size: key, layout });
  return layout;
}

function maskLayoutUncached(mask: ArrayLike<number>, [SX, SY, SZ]: [number, number, number]): MaskLayout {
  // Bounding box, row by row (most rows hold no ROI voxel).
  let x0 = SX, y0 = SY, z0 = SZ, x1 = -1, y1 = -1, z1 = -1, nVoxels = 0;
  for (let z = 0, i = 0; z < SZ; z++) {
    for (let y = 0; y < SY; y++, i += SX) {
      let first = -1, last = -1;
      for (let x = 0; x < SX; x++) {
        if (!mask[i + x]) continue;
        if (first < 0) first = x;
        last = x;
        nVoxels++;
      }
      if (first < 0) continue;
      if (first < x0) x0 = first;
      if (last > x1) x1 = last;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (z < z0) z0 = z;
      z1 = z;
    }
  }
  if (nVoxels === 0) {
    return {
      sx: 0, sy: 0, sz: 0, pad: 0, px: 0, pxy: 0, roi: new Int32Array(0), sliceStart: new Int32Array(1), origin: [0, 0, 0],
      nVoxels: 0, at: new Int32Array(0), qLength: 0,
    };
  }
  const sx = x1 - x0 + 1, sy = y1 - y0 + 1, sz = z1 - z0 + 1, pad = 1;
  const px = sx + 2 * pad, pxy = px * (sy + 2 * pad);
  const roi = new Int32Array(nVoxels), at = new Int32Array(nVoxels), sliceStart = new Int32Array(sz + 1);
  for (let z = 0, t = 0; z < sz; z++) {
    for (let y = 0; y < sy; y++) {
      const i = x0 + (y + y0) * SX + (z + z0) * SX * SY, k = pad + (y + pad) * px + (z + pad) * pxy;
      for (let x = 0; x < sx; x++) {
        if (!mask[i + x]) continue;
        at[t] = i + x;
        roi[t++] = k + x;
      }
    }
    sliceStart[z + 1] = t;
  }
  return { sx, sy, sz, pad, px, pxy, roi, sliceStart, origin: [x0, y0, z0], nVoxels, at, qLength: pxy * (sz + 2 * pad) };
}

const wider = new WeakMap<PreparedRegion, Map<number, PreparedRegion>>();

/** The region padded by at least `reach` voxels (neighbour offsets beyond the default padding of 1). */
export function withReach(r: PreparedRegion, reach: number): PreparedRegion {
  if (reach <= r.pad || r.nVoxels === 0) return r;
  let byPad = wider.get(r);
  if (!byPad) wider.set(r, (byPad = new Map()));
  const hit = byPad.get(reach);
  if (hit) return hit;
  const px = r.sx + 2 * reach, pxy = px * (r.sy + 2 * reach);
  const q = new Int32Array(pxy * (r.sz + 2 * reach)).fill(-1), roi = new Int32Array(r.nVoxels);
  const shift = reach - r.pad;
  for (let z = 0, t = 0; z < r.sz; z++) {
    for (; t < r.sliceStart[z + 1]; t++) {
      const k = r.roi[t], y = Math.floor((k - (z + r.pad) * r.pxy) / r.px), x = k - (z + r.pad) * r.pxy - y * r.px;
      const j = (x + shift) + (y + shift) * px + (z + reach) * pxy;
      q[j] = r.q[k];
      roi[t] = j;
    }
  }
  const out = { ...r, q, pad: reach, px, pxy, roi };
  byPad.set(reach, out);
  return out;
}

/** Largest |component| of the offsets: how far a neighbour lookup reaches. */
export function reachOf(offsets: ArrayLike<readonly number[]>): number {
  let m = 0;
  for (let a = 0; a < offsets.length; a++) for (const c of offsets[a]) m = Math.max(m, Math.abs(c));
  return m;
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
