/**
 * Laplacian of Gaussian as SimpleITK's LaplacianRecursiveGaussian with NormalizeAcrossScale (what
 * PyRadiomics' LoG image type runs): for each axis, the recursive second derivative along it and the
 * recursive Gaussian along the others, summed; σ in mm, response scaled by σ². Borders extend the
 * edge value, as ITK does.
 */
import type { Vec3 } from '../../../core/image/image.js';
import { recursiveGaussianAxis } from './recursive-gaussian.js';

export function laplacianOfGaussian(data: Float64Array, size: Vec3, spacing: Vec3, sigmaMm: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let a = 0; a < 3; a++) {
    let t = recursiveGaussianAxis(data, size, a, sigmaMm / spacing[a], 2, sigmaMm * sigmaMm);
    for (let b = 0; b < 3; b++) if (b !== a) t = recursiveGaussianAxis(t, size, b, sigmaMm / spacing[b], 0);
    // The 1D filter differentiates per voxel; ITK's Laplacian divides by spacing² to get mm⁻².
    const f = 1 / (spacing[a] * spacing[a]);
    for (let i = 0; i < out.length; i++) out[i] += t[i] * f;
  }
  // SimpleITK returns float32 for these inputs; rounding like it keeps binning identical at bin edges.
  return Float64Array.from(Float32Array.from(out));
}
