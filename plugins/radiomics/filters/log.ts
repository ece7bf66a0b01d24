/**
 * Laplacian of Gaussian as SimpleITK's LaplacianRecursiveGaussian with NormalizeAcrossScale (what
 * PyRadiomics' LoG image type runs): for each axis, the recursive second derivative along it and the
 * recursive Gaussian along the others, summed; σ in mm, response scaled by σ². Borders extend the
 * edge value, as ITK does.
 */
import type { Vec3 } from '../../../core/image/image.js';
import { recursiveGaussianAxis } from './recursive-gaussian.js';

export function laplacianOfGaussian(data: Float64Array, size: Vec3, spacing: Vec3, sigmaMm: number): Float64Array {
  const g = (src: Float64Array, axis: number) => recursiveGaussianAxis(src, size, axis, sigmaMm / spacing[axis], 0);
  const d2 = (src: Float64Array, axis: number) => recursiveGaussianAxis(src, size, axis, sigmaMm / spacing[axis], 2, sigmaMm * sigmaMm);
  // Seven 1D passes instead of nine: the x-smoothed and xy-smoothed images are shared.
  const gx = g(data, 0);
  const gxy = g(gx, 1);
  const terms = [g(g(d2(data, 0), 1), 2), g(d2(gx, 1), 2), d2(gxy, 2)];
  // The 1D filter differentiates per voxel; ITK's Laplacian divides by spacing² to get mm⁻².
  const [f0, f1, f2] = spacing.map((s) => 1 / (s * s));
  const [t0, t1, t2] = terms;
  const out = new Float64Array(data.length);
  for (let i = 0; i < out.length; i++) {
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
