/**
 * 2D shape features (PyRadiomics `shape2D`) of a single-slice ROI: marching squares for the mesh
 * surface and perimeter, the largest vertex distance via a 2D convex hull, PCA axes of the pixels.
 */
import { EmptyRegionError } from '../../../core/errors.js';
import type { Vec3 } from '../../../core/image/image.js';
import { convexHull2D } from './convex-hull.js';

export const PYRADIOMICS_SHAPE2D = [
  'MeshSurface', 'PixelSurface', 'Perimeter', 'PerimeterSurfaceRatio', 'Sphericity', 'MaximumDiameter',
  'MajorAxisLength', 'MinorAxisLength', 'Elongation',
] as const;
export const SHAPE2D_FEATURES: string[] = [...PYRADIOMICS_SHAPE2D, 'SphericalDisproportion'];

/** Corner offsets [row, col] and edge midpoints of a marching square; segments per case (−1 ends). */
const CORNERS2D = [[0, 0], [0, 1], [1, 1], [1, 0]];
const EDGES2D = [[0, 0.5], [0.5, 1], [1, 0.5], [0.5, 0]];
const LINES2D = [
  [-1], [3, 0, -1], [0, 1, -1], [3, 1, -1], [1, 2, -1], [1, 2, 3, 0, -1], [0, 2, -1], [3, 2, -1],
  [2, 3, -1], [2, 0, -1], [0, 1, 2, 3, -1], [2, 1, -1], [1, 3, -1], [1, 0, -1], [0, 3, -1], [-1],
];

/**
 * @param mask 0/1, x fastest, exactly one slice thick along `axis` (PyRadiomics force2Ddimension:
 * 0 = z, 1 = y, 2 = x in NumPy order).
 */
export function shape2DFeatures(mask: Uint8Array, size: Vec3, spacing: Vec3, force2Ddimension = 0, names: readonly string[] = PYRADIOMICS_SHAPE2D): Record<string, number> {
  const normal = 2 - force2Ddimension; // our axis index
  const [ra, ca] = [0, 1, 2].filter((a) => a !== normal).reverse(); // rows = slower axis, cols = faster (NumPy order)
  const slices = new Set<number>();
  const [sx, sy] = size;
  const coord = (i: number): Vec3 => [i % sx, Math.floor(i / sx) % sy, Math.floor(i / (sx * sy))];
  const rows: number[] = [], cols: number[] = [];
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const c = coord(i);
    slices.add(c[normal]);
    rows.push(c[ra]);
    cols.push(c[ca]);
  }
  if (rows.length === 0) throw new EmptyRegionError('shape2D: the mask is empty', {}, 'Check the label value');
  if (slices.size > 1) throw new EmptyRegionError(`shape2D needs a single-slice ROI; this one spans ${slices.size} slices`, {}, 'Use a 2D mask or the 3D shape class');
  const r0 = Math.min(...rows), c0 = Math.min(...cols);
  const nr = Math.max(...rows) - r0 + 3, nc = Math.max(...cols) - c0 + 3; // one pixel of zero padding each side
  const grid = new Uint8Array(nr * nc);
  rows.forEach((r, k) => (grid[(r - r0 + 1) * nc + (cols[k] - c0 + 1)] = 1));
  const sr = spacing[ra], sc = spacing[ca];
  let perimeter = 0, surface = 0;
  const vr: number[] = [], vc: number[] = [];
  for (let iy = 0; iy < nr - 1; iy++) {
    for (let ix = 0; ix < nc - 1; ix++) {
      let idx = 0;
      for (let k = 0; k < 4; k++) if (grid[(iy + CORNERS2D[k][0]) * nc + ix + CORNERS2D[k][1]]) idx |= 1 << k;
      if (idx === 0 || idx === 15) continue;
      const segs = LINES2D[idx];
      for (let t = 0; segs[t * 2] >= 0; t++) {
        const a = EDGES2D[segs[t * 2]], b = EDGES2D[segs[t * 2 + 1]];
        const ay = (iy + a[0]) * sr, ax = (ix + a[1]) * sc, by = (iy + b[0]) * sr, bx = (ix + b[1]) * sc;
        surface += ay * bx - by * ax;
        perimeter += Math.hypot(ay - by, ax - bx);
      }
      // Vertices on edges 3 and 2 belong to this square alone (after the flip they exist when corners 0 and 2 are set).
      const f = idx > 7 ? idx ^ 15 : idx;
      if (f & 1) { vr.push(2 * iy + 1); vc.push(2 * ix); }
      if (f & 4) { vr.push(2 * iy + 2); vc.push(2 * ix + 1); }
    }
  }
  surface = surface / 2;
  const all = Array.from({ length: vr.length }, (_, i) => i);
  const hull = convexHull2D(Int32Array.from(vr), Int32Array.from(vc), all);
  let dmax = 0;
  for (let i = 0; i < hull.length; i++) {
    for (let j = i + 1; j < hull.length; j++) {
      const d = ((vr[hull[i]] - vr[hull[j]]) * sr / 2) ** 2 + ((vc[hull[i]] - vc[hull[j]]) * sc / 2) ** 2;
      if (d > dmax) dmax = d;
    }
  }
  const n = rows.length;
  let mr = 0, mc = 0;
  for (let k = 0; k < n; k++) { mr += rows[k] * sr; mc += cols[k] * sc; }
  mr /= n; mc /= n;
  let crr = 0, ccc = 0, crc = 0;
  for (let k = 0; k < n; k++) {
    const a = rows[k] * sr - mr, b = cols[k] * sc - mc;
    crr += a * a; ccc += b * b; crc += a * b;
  }
  crr /= n; ccc /= n; crc /= n;
  const tr = crr + ccc, det = crr * ccc - crc * crc;
  const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  let lMin = tr / 2 - disc;
  const lMax = tr / 2 + disc;
  if (lMin < 0 && lMin > -1e-10) lMin = 0;
  const A = Math.abs(surface);
  const all2: Record<string, number> = {
    MeshSurface: A,
    PixelSurface: n * sr * sc,
    Perimeter: perimeter,
    PerimeterSurfaceRatio: perimeter / A,
    Sphericity: (2 * Math.sqrt(Math.PI * A)) / perimeter,
    SphericalDisproportion: perimeter / (2 * Math.sqrt(Math.PI * A)),
    MaximumDiameter: Math.sqrt(dmax),
    MajorAxisLength: Math.sqrt(lMax) * 4,
    MinorAxisLength: Math.sqrt(lMin) * 4,
    Elongation: Math.sqrt(lMin / lMax),
  };
  const out: Record<string, number> = {};
  for (const name of names) {
    if (!(name in all2)) throw new RangeError(`unknown shape2D feature ${name}`);
    out[name] = all2[name];
  }
  return out;
}
