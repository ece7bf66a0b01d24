/**
 * 3D shape features (PyRadiomics `shape`, IBSI morphology): mesh volume and area by marching cubes,
 * diameters from the mesh vertices through convex hulls, axis lengths from the voxel-coordinate
 * covariance.
 */
import { EmptyRegionError } from '../../../core/errors.js';
import { cropImage, maskBoundingBox } from '../../../core/image/geometry.js';
import { identityDirection, type Vec3 } from '../../../core/image/image.js';
import { convexHull2D, convexHullVertices, maxSquaredDistance } from './convex-hull.js';
import { symmetricEigenvalues3 } from './eigen.js';
import { IBSI_MORPHOLOGY, ibsiMorphology } from './ibsi-morphology.js';
import { marchingCubes } from './mesh.js';

export const PYRADIOMICS_SHAPE = [
  'MeshVolume', 'VoxelVolume', 'SurfaceArea', 'SurfaceVolumeRatio', 'Sphericity', 'Maximum3DDiameter',
  'Maximum2DDiameterSlice', 'Maximum2DDiameterColumn', 'Maximum2DDiameterRow', 'MajorAxisLength',
  'MinorAxisLength', 'LeastAxisLength', 'Elongation', 'Flatness',
] as const;
/** Deprecated in PyRadiomics (computed only when named), and IBSI's compactness/asphericity forms. */
export const SHAPE_EXTRAS = ['Compactness1', 'Compactness2', 'SphericalDisproportion', 'Asphericity'] as const;
export const SHAPE_FEATURES: string[] = [...PYRADIOMICS_SHAPE, ...SHAPE_EXTRAS, ...IBSI_MORPHOLOGY];

/** Max distance between vertices sharing one coordinate (a plane), per plane; via 2D hulls. */
function planeDiameter(v: Int32Array, axis: number, half: [number, number, number]): number {
  const a1 = (axis + 1) % 3;
  const a2 = (axis + 2) % 3;
  const n = v.length / 3;
  // Integer bounds (not ±Infinity) keep the plane/row index arithmetic below in integers.
  const lo = new Int32Array(3).fill(0x7fffffff), hi = new Int32Array(3).fill(-0x80000000);
  for (let i = 0; i < v.length; i++) {
    const c = v[i], a = i % 3;
    if (c < lo[a]) lo[a] = c;
    if (c > hi[a]) hi[a] = c;
  }
  // Per plane and per row u, only the vertices with the smallest and largest w can be hull vertices: keep those two
  // (dense arrays indexed by plane × u), which also lists each plane's candidates already sorted by (u, w).
  const nu = hi[a1] - lo[a1] + 1;
  const cells = (hi[axis] - lo[axis] + 1) * nu;
  const wMin = new Int32Array(cells).fill(-1), wMax = new Int32Array(cells).fill(-1);
  for (let i = 0; i < n; i++) {
    const cell = (v[i * 3 + axis] - lo[axis]) * nu + v[i * 3 + a1] - lo[a1];
    const w = v[i * 3 + a2];
    if (wMin[cell] < 0 || w < v[wMin[cell] * 3 + a2]) wMin[cell] = i;
    if (wMax[cell] < 0 || w > v[wMax[cell] * 3 + a2]) wMax[cell] = i;
  }
  const u = new Int32Array(n), w = new Int32Array(n);
  for (let i = 0; i < n; i++) { u[i] = v[i * 3 + a1]; w[i] = v[i * 3 + a2]; }
  let best = 0;
  for (let start = 0; start < cells; start += nu) {
    const plane: number[] = [];
    for (let c = start; c < start + nu; c++) {
      if (wMin[c] < 0) continue;
      plane.push(wMin[c]);
      if (wMax[c] !== wMin[c]) plane.push(wMax[c]);
    }
    if (plane.length === 0) continue;
    const d = maxSquaredDistance(v, convexHull2D(u, w, plane), half);
    if (d > best) best = d;
  }
  return Math.sqrt(best);
}

/**
 * Sums for the covariance of voxel-centre coordinates (mean first, then the centred products): n and
 * [xx, xy, xz, yy, yz, zz]. Slice by slice: this runs once per case, so loops here would run interpreted until
 * on-stack replacement every case, while the per-slice functions are called often enough to stay optimised.
 */
function coordinateCovariance(mask: Uint8Array, size: Vec3, spacing: Vec3): { n: number; c: number[] } {
  const [sx, sy, sz] = size;
  const [px, py, pz] = spacing;
  const m = new Float64Array(4); // n, Σx, Σy, Σz
  for (let z = 0; z < sz; z++) sliceSums(mask, sx, sy, z, px, py, pz, m);
  const n = m[0];
  const c = new Float64Array(6); // xx, yy, zz, xy, xz, yz
  for (let z = 0; z < sz; z++) sliceProducts(mask, sx, sy, z, px, py, pz, m[1] / n, m[2] / n, m[3] / n, c);
  return { n, c: [c[0], c[3], c[4], c[1], c[5], c[2]] };
}

function sliceSums(mask: Uint8Array, sx: number, sy: number, z: number, px: number, py: number, pz: number, m: Float64Array): void {
  let n = m[0], mx = m[1], my = m[2], mz = m[3];
  for (let y = 0, i = z * sx * sy; y < sy; y++) for (let x = 0; x < sx; x++, i++) {
    if (!mask[i]) continue;
    n++;
    mx += x * px; my += y * py; mz += z * pz;
  }
  m[0] = n; m[1] = mx; m[2] = my; m[3] = mz;
}

function sliceProducts(
  mask: Uint8Array, sx: number, sy: number, z: number, px: number, py: number, pz: number,
  mx: number, my: number, mz: number, c: Float64Array,
): void {
  let cxx = c[0], cyy = c[1], czz = c[2], cxy = c[3], cxz = c[4], cyz = c[5];
  for (let y = 0, i = z * sx * sy; y < sy; y++) for (let x = 0; x < sx; x++, i++) {
    if (!mask[i]) continue;
    const dx = x * px - mx, dy = y * py - my, dz = z * pz - mz;
    cxx += dx * dx; cyy += dy * dy; czz += dz * dz; cxy += dx * dy; cxz += dx * dz; cyz += dy * dz;
  }
  c[0] = cxx; c[1] = cyy; c[2] = czz; c[3] = cxy; c[4] = cxz; c[5] = cyz;
}

/** Shape features of a 0/1 mask (x fastest); size and spacing [x, y, z]. */
export function shapeFeatures(
  fullMask: Uint8Array,
  fullSize: Vec3,
  spacing: Vec3,
  names: readonly string[] = PYRADIOMICS_SHAPE,
  /** Intensities and intensity mask on the same grid: needed by the IBSI intensity-based morphology features. */
  intensity?: { data: Float64Array; mask: Uint8Array },
  /** PCA covariance normaliser: n (PyRadiomics) or n − 1 (IBSI). @default 'population' */
  covariance: 'population' | 'sample' = 'population',
): Record<string, number> {
  // PyRadiomics meshes the mask cropped to its bounding box; the complement trick leaves the mesh
  // open in rare ambiguous cubes, so the mesh volume depends on the coordinate origin and we use its.
  const box = maskBoundingBox({ size: fullSize, data: fullMask }, 1);
  if (!box) throw new EmptyRegionError('shape: the mask is empty', {}, 'Check the label value or the segmentation');
  const { data: mask, size } = cropImage({ size: fullSize, spacing, origin: [0, 0, 0], direction: identityDirection(), data: fullMask }, box);
  const mesh = marchingCubes(mask, size, spacing);
  const half: [number, number, number] = [spacing[0] / 2, spacing[1] / 2, spacing[2] / 2];
  const v = mesh.vertices;
  const d3 = (): number => {
    const hull = convexHullVertices(v) ?? Array.from({ length: v.length / 3 }, (_, i) => i);
    return Math.sqrt(maxSquaredDistance(v, hull, half));
  };

  const { n, c: [cxx, cxy, cxz, cyy, cyz, czz] } = coordinateCovariance(mask, size, spacing);
  const dn = covariance === 'sample' ? n - 1 : n;
  const ev = symmetricEigenvalues3([cxx / dn, cxy / dn, cxz / dn, cyy / dn, cyz / dn, czz / dn]);
  // PyRadiomics zeroes eigenvalues in (-1e-10, 0): machine error on flat ROIs.
  for (let i = 0; i < 3; i++) if (ev[i] < 0 && ev[i] > -1e-10) ev[i] = 0;
  const [l0, l1, l2] = ev; // ascending

  const V = mesh.volume;
  const A = mesh.surfaceArea;
  const voxelVolume = n * spacing[0] * spacing[1] * spacing[2];
  const all: Record<string, () => number> = {
    MeshVolume: () => V,
    VoxelVolume: () => voxelVolume,
    SurfaceArea: () => A,
    SurfaceVolumeRatio: () => A / V,
    Sphericity: () => Math.cbrt(36 * Math.PI * V * V) / A,
    Compactness1: () => V / (Math.sqrt(Math.PI) * A ** 1.5),
    Compactness2: () => (36 * Math.PI * V * V) / A ** 3,
    SphericalDisproportion: () => A / Math.cbrt(36 * Math.PI * V * V),
    Asphericity: () => Math.cbrt(A ** 3 / (36 * Math.PI * V * V)) - 1,
    Maximum3DDiameter: d3,
    Maximum2DDiameterSlice: () => planeDiameter(v, 2, half),
    Maximum2DDiameterColumn: () => planeDiameter(v, 1, half),
    Maximum2DDiameterRow: () => planeDiameter(v, 0, half),
    MajorAxisLength: () => Math.sqrt(l2) * 4,
    MinorAxisLength: () => Math.sqrt(l1) * 4,
    LeastAxisLength: () => Math.sqrt(l0) * 4,
    Elongation: () => Math.sqrt(l1 / l2),
    Flatness: () => Math.sqrt(l0 / l2),
  };
  const ibsiNames = names.filter((n) => (IBSI_MORPHOLOGY as readonly string[]).includes(n));
  if (ibsiNames.length) {
    const crop = (d: Float64Array | Uint8Array) =>
      cropImage({ size: fullSize, spacing, origin: [0, 0, 0], direction: identityDirection(), data: d }, box).data;
    const inten = intensity ?? { data: new Float64Array(fullMask.length).fill(NaN), mask: fullMask };
    const extra = ibsiMorphology(
      {
        mesh, morphMask: mask, intensityMask: crop(inten.mask) as Uint8Array, intensities: crop(inten.data) as Float64Array,
        size, spacing, eigenvalues: [l0, l1, l2],
      },
      ibsiNames,
    );
    for (const [k, val] of Object.entries(extra)) all[k] = () => val;
  }
  const out: Record<string, number> = {};
  for (const name of names) {
    const f = all[name];
    if (!f) throw new RangeError(`unknown shape feature ${name}`);
    out[name] = f();
  }
  return out;
}
