/**
 * IBSI morphology features PyRadiomics lacks: densities against the axis-aligned bounding box, the
 * approximate enclosing ellipsoid and the convex hull; centre-of-mass shift; integrated intensity;
 * Moran's I and Geary's C (exact, by FFT: spatial-autocorrelation.ts).
 */
import type { Vec3 } from '../../../core/image/image.js';
import { convexHull } from './convex-hull.js';
import { spatialAutocorrelation } from './spatial-autocorrelation.js';
import type { Mesh } from './mesh.js';

export const IBSI_MORPHOLOGY = [
  'CentreOfMassShift', 'VolumeDensityAABB', 'AreaDensityAABB', 'VolumeDensityAEE', 'AreaDensityAEE',
  'VolumeDensityConvexHull', 'AreaDensityConvexHull', 'IntegratedIntensity', 'MoransI', 'GearysC',
] as const;

export interface MorphologyInput {
  mesh: Mesh;
  /** Morphological mask (0/1) and intensity mask (0/1, after re-segmentation), x fastest. */
  morphMask: Uint8Array;
  intensityMask: Uint8Array;
  intensities: Float64Array;
  size: Vec3;
  spacing: Vec3;
  /** PCA eigenvalues, ascending. */
  eigenvalues: [number, number, number];
}

/** Legendre polynomial P_n(x) by recurrence. */
function legendre(n: number, x: number): number {
  if (n === 0) return 1;
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return p1;
}

/** Ellipsoid surface area by IBSI's series (20 terms), a ≥ b ≥ c. */
export function ellipsoidArea(a: number, b: number, c: number): number {
  const alpha = Math.sqrt(1 - (b * b) / (a * a));
  const beta = Math.sqrt(1 - (c * c) / (a * a));
  if (alpha === 0 && beta === 0) return 4 * Math.PI * a * a;
  const ab = alpha * beta;
  const x = ab === 0 ? 1 : (alpha * alpha + beta * beta) / (2 * ab);
  let sum = 0;
  for (let v = 0; v <= 20; v++) {
    // (αβ)^ν P_ν(x) stays finite as αβ → 0 because P_ν grows like x^ν.
    const term = ab === 0 ? (v === 0 ? 1 : v === 1 ? (alpha * alpha + beta * beta) / 2 : 0) : ab ** v * legendre(v, x);
    sum += term / (1 - 4 * v * v);
  }
  return 4 * Math.PI * a * b * sum;
}

function coords(i: number, size: Vec3, spacing: Vec3): Vec3 {
  const [sx, sy] = size;
  return [(i % sx) * spacing[0], (Math.floor(i / sx) % sy) * spacing[1], Math.floor(i / (sx * sy)) * spacing[2]];
}

export function ibsiMorphology(input: MorphologyInput, names: readonly string[]): Record<string, number> {
  const { mesh, morphMask, intensityMask, intensities, size, spacing, eigenvalues } = input;
  const out: Record<string, number> = {};
  const want = new Set(names);
  const V = mesh.volume;
  const A = mesh.surfaceArea;
  const half = [spacing[0] / 2, spacing[1] / 2, spacing[2] / 2];
  const vt = mesh.vertices;
  if (want.has('VolumeDensityAABB') || want.has('AreaDensityAABB')) {
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < vt.length; i += 3) {
      for (let d = 0; d < 3; d++) {
        const c = vt[i + d] * half[d];
        if (c < lo[d]) lo[d] = c;
        if (c > hi[d]) hi[d] = c;
      }
    }
    const e = [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]];
    out.VolumeDensityAABB = V / (e[0] * e[1] * e[2]);
    out.AreaDensityAABB = A / (2 * (e[0] * e[1] + e[0] * e[2] + e[1] * e[2]));
  }
  if (want.has('VolumeDensityAEE') || want.has('AreaDensityAEE')) {
    const [l0, l1, l2] = eigenvalues;
    const a = 2 * Math.sqrt(l2), b = 2 * Math.sqrt(l1), c = 2 * Math.sqrt(l0);
    out.VolumeDensityAEE = (3 * V) / (4 * Math.PI * a * b * c);
    out.AreaDensityAEE = A / ellipsoidArea(a, b, c);
  }
  if (want.has('VolumeDensityConvexHull') || want.has('AreaDensityConvexHull')) {
    const hull = convexHull(vt);
    let hv = 0, ha = 0;
    if (hull) {
      for (const [p, q, r] of hull.faces) {
        const P = [vt[p * 3] * half[0], vt[p * 3 + 1] * half[1], vt[p * 3 + 2] * half[2]];
        const Q = [vt[q * 3] * half[0], vt[q * 3 + 1] * half[1], vt[q * 3 + 2] * half[2]];
        const R = [vt[r * 3] * half[0], vt[r * 3 + 1] * half[1], vt[r * 3 + 2] * half[2]];
        const u = [Q[0] - P[0], Q[1] - P[1], Q[2] - P[2]];
        const w = [R[0] - P[0], R[1] - P[1], R[2] - P[2]];
        const cx = u[1] * w[2] - u[2] * w[1], cy = u[2] * w[0] - u[0] * w[2], cz = u[0] * w[1] - u[1] * w[0];
        ha += 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
        hv += (P[0] * cx + P[1] * cy + P[2] * cz) / 6;
      }
    }
    // Faces are oriented inward-negative (interior gives a negative orientation), so the signed sum is −volume.
    out.VolumeDensityConvexHull = V / Math.abs(hv);
    out.AreaDensityConvexHull = A / ha;
  }
  if (want.has('CentreOfMassShift')) {
    let n = 0, g = [0, 0, 0];
    let wsum = 0, gi = [0, 0, 0];
    for (let i = 0; i < morphMask.length; i++) {
      if (morphMask[i]) {
        const c = coords(i, size, spacing);
        g = [g[0] + c[0], g[1] + c[1], g[2] + c[2]];
        n++;
      }
      if (intensityMask[i]) {
        const c = coords(i, size, spacing);
        const x = intensities[i];
        gi = [gi[0] + x * c[0], gi[1] + x * c[1], gi[2] + x * c[2]];
        wsum += x;
      }
    }
    out.CentreOfMassShift = Math.hypot(g[0] / n - gi[0] / wsum, g[1] / n - gi[1] / wsum, g[2] / n - gi[2] / wsum);
  }
  if (want.has('IntegratedIntensity')) {
    let s = 0, n = 0;
    for (let i = 0; i < intensityMask.length; i++) if (intensityMask[i]) { s += intensities[i]; n++; }
    out.IntegratedIntensity = (s / n) * V;
  }
  if (want.has('MoransI') || want.has('GearysC')) {
    const r = spatialAutocorrelation(intensityMask, intensities, size, spacing);
    out.MoransI = r.moran;
    out.GearysC = r.geary;
  }
  const res: Record<string, number> = {};
  for (const n of names) res[n] = out[n];
  return res;
}
