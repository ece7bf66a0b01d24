/**
 * Laplacian of Gaussian as SimpleITK's LaplacianRecursiveGaussian with NormalizeAcrossScale (what
 * PyRadiomics' LoG image type runs): for each axis, the recursive second derivative along it and the
 * recursive Gaussian along the others, summed; σ in mm, response scaled by σ². Borders extend the
 * edge value, as ITK does.
 */
import type { Vec3 } from '../../../core/image/image.js';
import { recursiveGaussianAxis } from './recursive-gaussian.js';

export function laplacianOfGaussian(data: Float64Array, size: Vec3, spacing: Vec3, sigmaMm: number): Float64Array {
  const n = data.length;
  const g = (src: Float64Array, axis: number, out?: Float64Array) => recursiveGaussianAxis(src, size, axis, sigmaMm / spacing[axis], 0, 1, out);
  const d2 = (src: Float64Array, axis: number, out?: Float64Array) =>
    recursiveGaussianAxis(src, size, axis, sigmaMm / spacing[axis], 2, sigmaMm * sigmaMm, out);
  // Seven 1D passes instead of nine: the x-smoothed and xy-smoothed images are shared. Four buffers, each reused
  // once its content is no longer needed (fewer large allocations, less GC).
  const gx = g(data, 0);
  const gxy = g(gx, 1);
  const a = d2(data, 0);
  const b = g(a, 1);
  const t0 = g(b, 2, a); // a is free
  const c = d2(gx, 1, b); // b is free
  const t1 = g(c, 2, gx); // gx is free
  const t2 = d2(gxy, 2, c); // c is free
  // The 1D filter differentiates per voxel; ITK's Laplacian divides by spacing² to get mm⁻².
  const [f0, f1, f2] = spacing.map((s) => 1 / (s * s));
  const out = gxy; // free once t2 is computed
  for (let i = 0; i < n; i++) {
    // Summed in axis order from 0, as the former per-axis accumulation did.
    let v = 0;
    v += t0[i] * f0;
    v += t1[i] * f1;
    v += t2[i] * f2;
    // SimpleITK returns float32 for these inputs; rounding like it keeps binning identical at bin edges.
    out[i] = Math.fround(v);
  }
  return out;
}
