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
  for (let z = 0; z < sz; z++) {
    for (let y = 0; y < sy; y++) {
      const src = y * sx + z * sx * sy;
      const dst = 1 + (y + 1) * px + (z + 1) * px * py;
      for (let x = 0; x < sx; x++) padded[dst + x] = mask[src + x] ? 1 : 0;
    }
  }
  const cornerOffset = CORNERS.map(([dz, dy, dx]) => dx + dy * px + dz * px * py);
  // Spacing in (z, y, x) order, matching the table's [dz, dy, dx] convention.
  const sp = [spacing[2], spacing[1], spacing[0]];
  const verts: number[] = [];
  let volume = 0;
  let area = 0;
  const a = [0, 0, 0], b = [0, 0, 0], c = [0, 0, 0];
  // Vertices on edges 6, 7, 11 belong to this cube alone (they are not shared with cubes visited earlier);
  // after the corner-7 flip they exist exactly when corners 6, 4, 3 are set.
  const ownCorner = [6, 4, 3];
  const ownEdge = [6, 7, 11];
  for (let iz = 0; iz < pz - 1; iz++) {
    for (let iy = 0; iy < py - 1; iy++) {
      for (let ix = 0; ix < px - 1; ix++) {
        const base = ix + iy * px + iz * px * py;
        let idx = 0;
        for (let k = 0; k < 8; k++) if (padded[base + cornerOffset[k]]) idx |= 1 << k;
        let sign = 1;
        if (idx & 0x80) { idx ^= 0xff; sign = -1; }
        for (let t = 0; t < 3; t++) {
          if (idx & (1 << ownCorner[t])) {
            const m = EDGE_MIDPOINTS[ownEdge[t]];
            verts.push(2 * ix + 2 * m[2], 2 * iy + 2 * m[1], 2 * iz + 2 * m[0]);
          }
        }
        if (idx === 0) continue;
        const row = idx * 16;
        for (let t = 0; TRIANGLES[row + t * 3] >= 0; t++) {
          const ea = EDGE_MIDPOINTS[TRIANGLES[row + t * 3]];
          const eb = EDGE_MIDPOINTS[TRIANGLES[row + t * 3 + 1]];
          const ec = EDGE_MIDPOINTS[TRIANGLES[row + t * 3 + 2]];
          const o = [iz, iy, ix];
          for (let d = 0; d < 3; d++) {
            a[d] = (o[d] + ea[d]) * sp[d];
            b[d] = (o[d] + eb[d]) * sp[d];
            c[d] = (o[d] + ec[d]) * sp[d];
          }
          const abx = a[1] * b[2] - b[1] * a[2];
          const aby = a[2] * b[0] - b[2] * a[0];
          const abz = a[0] * b[1] - b[0] * a[1];
          volume += sign * (abx * c[0] + aby * c[1] + abz * c[2]);
          const ux = a[0] - c[0], uy = a[1] - c[1], uz = a[2] - c[2];
          const vx = b[0] - c[0], vy = b[1] - c[1], vz = b[2] - c[2];
          const cx = uy * vz - vy * uz, cy = uz * vx - vz * ux, cz = ux * vy - vx * uy;
          area += 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
        }
      }
    }
  }
  return { volume: volume / 6, surfaceArea: area, vertices: Int32Array.from(verts) };
}
