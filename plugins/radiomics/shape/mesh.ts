/**
 * Marching cubes over a binary mask: mesh volume, surface area and the mesh vertices (for diameters).
 * The mask is treated as zero-padded by one voxel on every side so the mesh is closed.
 */
import type { Vec3 } from '../../../core/image/image.js';
import { CORNERS, EDGE_MIDPOINTS, TRIANGLES } from './marching-cubes-table.js';

export interface Mesh {
  /** Enclosed volume in mm³ (divergence theorem over the oriented triangles). */
  volume: number;
  /** Total triangle area in mm². */
  surfaceArea: number;
  /** Unique vertices in half-voxel units, (x, y, z) triples. */
  vertices: Int32Array;
}

/** @param mask 0/1 per voxel, x fastest; size and spacing are [x, y, z]. */
export function marchingCubes(mask: Uint8Array, size: Vec3, spacing: Vec3): Mesh {
  const [sx, sy, sz] = size;
  const px = sx + 2, py = sy + 2, pz = sz + 2;
  const padded = new Uint8Array(px * py * pz);
  for (let z = 0; z < sz; z++) padSlice(mask, sx, sy, z, padded, px, py);
  const cornerOffset = Int32Array.from(CORNERS, ([dz, dy, dx]) => dx + dy * px + dz * px * py);
  const mid = new Float64Array(36);
  EDGE_MIDPOINTS.forEach((m, e) => { mid[e * 3] = m[0]; mid[e * 3 + 1] = m[1]; mid[e * 3 + 2] = m[2]; });
  const acc: Accumulator = { verts: new Int32Array(3 * 1024), nv: 0, volume: 0, area: 0 };
  // One call per slice rather than loop nests here: this function runs once per case, so its loops ran interpreted
  // until on-stack replacement every case (2–20× slower than alone); per-slice functions are called often enough to stay optimised.
  for (let iz = 0; iz < pz - 1; iz++) marchSlice(padded, px, py, iz, cornerOffset, mid, spacing[0], spacing[1], spacing[2], acc);
  return { volume: acc.volume / 6, surfaceArea: acc.area, vertices: acc.verts.slice(0, acc.nv) };
}

/** Copies slice z of the mask (as 0/1) into the zero-padded volume; per slice for the reason given at marchSlice. */
function padSlice(mask: Uint8Array, sx: number, sy: number, z: number, padded: Uint8Array, px: number, py: number): void {
  for (let y = 0; y < sy; y++) {
    const src = y * sx + z * sx * sy;
    const dst = 1 + (y + 1) * px + (z + 1) * px * py;
    for (let x = 0; x < sx; x++) padded[dst + x] = mask[src + x] ? 1 : 0;
  }
}

/** Running sums of the marching: vertices (grown as needed), 6 × signed volume, area. */
interface Accumulator {
  verts: Int32Array;
  nv: number;
  volume: number;
  area: number;
}

// Vertices on edges 6, 7, 11 belong to this cube alone (they are not shared with cubes visited earlier);
// after the corner-7 flip they exist exactly when corners 6, 4, 3 are set.
const OWN_CORNER = [6, 4, 3];
const OWN_EDGE = [6, 7, 11];

/** The cubes whose lowest corner has z = iz, in x-fastest order; mid: edge midpoints as [dz, dy, dx] triples. */
function marchSlice(
  padded: Uint8Array, px: number, py: number, iz: number, corner: Int32Array, mid: Float64Array,
  sx0: number, sy0: number, sz0: number, acc: Accumulator,
): void {
  const c0 = corner[0], c1 = corner[1], c2 = corner[2], c3 = corner[3], c4 = corner[4], c5 = corner[5], c6 = corner[6], c7 = corner[7];
  let verts = acc.verts, nv = acc.nv, volume = acc.volume, area = acc.area;
  for (let iy = 0; iy < py - 1; iy++) {
    let base = iy * px + iz * px * py;
    for (let ix = 0; ix < px - 1; ix++, base++) {
      let idx = padded[base + c0] | (padded[base + c1] << 1) | (padded[base + c2] << 2) | (padded[base + c3] << 3) |
        (padded[base + c4] << 4) | (padded[base + c5] << 5) | (padded[base + c6] << 6) | (padded[base + c7] << 7);
      if (idx === 0 || idx === 0xff) continue;
      let sign = 1;
      if (idx & 0x80) { idx ^= 0xff; sign = -1; }
      for (let t = 0; t < 3; t++) {
        if (idx & (1 << OWN_CORNER[t])) {
          if (nv + 3 > verts.length) { const grown = new Int32Array(verts.length * 2); grown.set(verts); verts = grown; }
          const e = OWN_EDGE[t] * 3;
          verts[nv++] = 2 * ix + 2 * mid[e + 2];
          verts[nv++] = 2 * iy + 2 * mid[e + 1];
          verts[nv++] = 2 * iz + 2 * mid[e];
        }
      }
      const row = idx * 16;
      for (let t = 0; TRIANGLES[row + t * 3] >= 0; t++) {
        const ea = TRIANGLES[row + t * 3] * 3, eb = TRIANGLES[row + t * 3 + 1] * 3, ec = TRIANGLES[row + t * 3 + 2] * 3;
        const a0 = (iz + mid[ea]) * sz0, a1 = (iy + mid[ea + 1]) * sy0, a2 = (ix + mid[ea + 2]) * sx0;
        const b0 = (iz + mid[eb]) * sz0, b1 = (iy + mid[eb + 1]) * sy0, b2 = (ix + mid[eb + 2]) * sx0;
        const k0 = (iz + mid[ec]) * sz0, k1 = (iy + mid[ec + 1]) * sy0, k2 = (ix + mid[ec + 2]) * sx0;
        const abx = a1 * b2 - b1 * a2;
        const aby = a2 * b0 - b2 * a0;
        const abz = a0 * b1 - b0 * a1;
        volume += sign * (abx * k0 + aby * k1 + abz * k2);
        const ux = a0 - k0, uy = a1 - k1, uz = a2 - k2;
        const vx = b0 - k0, vy = b1 - k1, vz = b2 - k2;
        const cx = uy * vz - vy * uz, cy = uz * vx - vz * ux, cz = ux * vy - vx * uy;
        area += 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
      }
    }
  }
  acc.verts = verts; acc.nv = nv; acc.volume = volume; acc.area = area;
}
