/**
 * Neighbour offsets in PyRadiomics' order (radiomics/src/cmatrices.c build_angles): offsets run from +d down to -d,
 * z slowest, x fastest; the first half of the (2d+1)^3 - (2d-1)^3 ring is kept when one direction per axis is wanted
 * (GLCM, GLRLM: 13 directions at d = 1). Keeping this order makes our per-direction matrices line up with
 * PyRadiomics' `P_glcm[..., a]`.
 */
import type { Offset } from './types.js';

export interface DirectionOptions {
  /** Chebyshev distances whose ring of offsets is used (PyRadiomics `distances`). @default [1] */
  distances?: number[];
  /** In-plane offsets only (dz = 0), PyRadiomics force2D with force2Ddimension 0. @default false */
  inPlane?: boolean;
  /** Both members of each ± pair (26 neighbours at d = 1) instead of one per axis (13). @default false */
  bidirectional?: boolean;
  /** Box size [sx, sy, sz]; offsets not smaller than the box in some axis are dropped, as PyRadiomics does. */
  boxSize?: [number, number, number];
}

export function neighbourOffsets(opts: DirectionOptions = {}): Offset[] {
  const distances = opts.distances ?? [1];
  for (const d of distances) {
    if (!Number.isInteger(d) || d < 1) throw new RangeError(`texture: distance ${d} is not a positive integer.`);
  }
  const maxD = Math.max(...distances);
  const n = 2 * maxD + 1;
  const all: Offset[] = [];
  // PyRadiomics enumerates (z, y, x) with offset = maxD - (index / stride) % n.
  for (let iz = 0; iz < n; iz++) {
    for (let iy = 0; iy < n; iy++) {
      for (let ix = 0; ix < n; ix++) {
        const dz = maxD - iz, dy = maxD - iy, dx = maxD - ix;
        const dist = Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz));
        if (dist === 0 || !distances.includes(dist)) continue;
        if (opts.inPlane && dz !== 0) continue;
        all.push([dx, dy, dz]);
      }
    }
  }
  // The list is point-symmetric around its middle; the first half holds one member of every ± pair.
  const chosen = opts.bidirectional ? all : all.slice(0, all.length / 2);
  const box = opts.boxSize;
  if (!box) return chosen;
  return chosen.filter(([dx, dy, dz]) => Math.abs(dx) < box[0] && Math.abs(dy) < box[1] && Math.abs(dz) < box[2]);
}
