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
  const out = new Float64Array(data.length);
  for (let a = 0; a < 3; a++) {
    // The 1D filter differentiates per voxel; ITK's Laplacian divides by spacing² to get mm⁻².
    const f = 1 / (spacing[a] * spacing[a]);
    const t = terms[a];
    for (let i = 0; i < out.length; i++) out[i] += t[i] * f;
  }
  // SimpleITK returns float32 for these inputs; rounding like it keeps binning identical at bin edges.
  return Float64Array.from(Float32Array.from(out));
}
