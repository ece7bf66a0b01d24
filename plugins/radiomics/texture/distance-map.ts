/**
 * IBSI distance to the ROI border (GLDZM): 1 for ROI voxels touching a non-ROI voxel (or the grid edge) across a face,
 * +1 per face step inwards (Manhattan distance, 6-connected in 3D, 4-connected in-plane). 0 outside the ROI.
 * Multi-source breadth-first search from the border voxels: each voxel is queued once.
 */
import type { PreparedRegion } from './region.js';

/** Distance map of `inside` (nonzero = ROI) on an sx×sy×sz grid, x-fastest. */
export function borderDistanceOf(inside: ArrayLike<number>, sx: number, sy: number, sz: number, inPlane: boolean): Int32Array {
  const sxy = sx * sy;
  const dist = new Int32Array(sxy * sz);
  const queue = new Int32Array(sxy * sz);
  let tail = 0;
  // Face neighbour f of voxel k at (x, y, z): its index, or -1 off the grid (which counts as outside the ROI).
  const faces = inPlane ? 4 : 6;
  const face = (k: number, x: number, y: number, z: number, f: number): number => {
    switch (f) {
      case 0: return x + 1 < sx ? k + 1 : -1;
      case 1: return x > 0 ? k - 1 : -1;
      case 2: return y + 1 < sy ? k + sx : -1;
      case 3: return y > 0 ? k - sx : -1;
      case 4: return z + 1 < sz ? k + sxy : -1;
      default: return z > 0 ? k - sxy : -1;
    }
  };
  for (let z = 0, k = 0; z < sz; z++) {
    for (let y = 0; y < sy; y++) {
      for (let x = 0; x < sx; x++, k++) {
        if (!inside[k]) continue;
        for (let f = 0; f < faces; f++) {
          const j = face(k, x, y, z, f);
          if (j < 0 || !inside[j]) { dist[k] = 1; queue[tail++] = k; break; }
        }
      }
    }
  }
  for (let head = 0; head < tail; head++) {
    const k = queue[head];
    const z = Math.floor(k / sxy), rem = k - z * sxy, y = Math.floor(rem / sx), x = rem - y * sx;
    for (let f = 0; f < faces; f++) {
      const j = face(k, x, y, z, f);
      if (j >= 0 && inside[j] && dist[j] === 0) { dist[j] = dist[k] + 1; queue[tail++] = j; }
    }
  }
  return dist;
}

/** Distance map over the prepared box (sx×sy×sz, unpadded), to the border of the (intensity) mask. */
export function borderDistance(r: PreparedRegion, inPlane: boolean): Int32Array {
  const inside = new Uint8Array(r.sx * r.sy * r.sz);
  for (let z = 0, o = 0; z < r.sz; z++) {
    for (let y = 0; y < r.sy; y++) {
      const base = r.pad + (y + r.pad) * r.px + (z + r.pad) * r.pxy;
      for (let x = 0; x < r.sx; x++, o++) inside[o] = r.q[base + x] >= 0 ? 1 : 0;
    }
  }
  return borderDistanceOf(inside, r.sx, r.sy, r.sz, inPlane);
}

/**
 * Distance map to the border of a morphological mask on the full grid `size`, cut to the prepared box (unpadded) (IBSI: after
 * re-segmentation, zone distances are still measured to the border of the morphological ROI).
 */
export function morphologicalBorderDistance(r: PreparedRegion, morph: ArrayLike<number>, size: [number, number, number], inPlane: boolean): Int32Array {
  const [SX, SY, SZ] = size;
  if (morph.length !== SX * SY * SZ) {
    throw new RangeError(`texture: morphologicalMask holds ${morph.length} voxels, the grid ${SX}×${SY}×${SZ}; pass the ROI before re-segmentation on the same grid.`);
  }
  const full = borderDistanceOf(morph, SX, SY, SZ, inPlane);
  const out = new Int32Array(r.sx * r.sy * r.sz);
  const [x0, y0, z0] = r.origin;
  for (let z = 0, o = 0; z < r.sz; z++) {
    for (let y = 0; y < r.sy; y++) {
      const base = x0 + (y + y0) * SX + (z + z0) * SX * SY;
      for (let x = 0; x < r.sx; x++, o++) out[o] = full[base + x];
    }
  }
  return out;
}
