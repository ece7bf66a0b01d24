/**
 * Laplacian of Gaussian as SimpleITK's LaplacianRecursiveGaussian with NormalizeAcrossScale (what
 * PyRadiomics' LoG image type runs): for each axis, the recursive second derivative along it and the
 * recursive Gaussian along the others, summed; σ in mm, response scaled by σ². Borders extend the
 * edge value, as ITK does.
 */
import type { Vec3 } from '../../../core/image/image.js';
import { recursiveGaussianSum, type GaussianTerm, type GaussianTerms } from './recursive-gaussian.js';

export function laplacianOfGaussian(data: Float64Array, size: Vec3, spacing: Vec3, sigmaMm: number): Float64Array {
  const n = data.length;
  // The 1D filter differentiates per voxel; ITK's Laplacian divides by spacing² to get mm⁻².
  const [f0, f1, f2] = spacing.map((s) => 1 / (s * s));
  const pass = (axis: number, terms: GaussianTerms, dst: Float64Array, round = false) =>
    recursiveGaussianSum(size, axis, sigmaMm / spacing[axis], terms, dst, round);
  const G = (src: Float64Array, gain = 1): GaussianTerm => ({ src, order: 0, gain });
  const D = (src: Float64Array, gain: number): GaussianTerm => ({ src, order: 2, gain });
  // Gz(Gy(f0·Dx) + f1·Dy(Gx)) + f2·Dz(Gy(Gx)): the filters are linear and separable, so the three terms share
  // the smoothed images and the sums fold into the y and z passes. Three sweeps over the volume instead of eight.
  const gx = pass(0, [G(data)], new Float64Array(n));
  const dx = pass(0, [D(data, f0)], new Float64Array(n));
  const gxy = pass(1, [G(gx)], new Float64Array(n));
  const m = pass(1, [G(dx), D(gx, f1)], dx);
  // SimpleITK returns float32 for these inputs; rounding like it keeps binning identical at bin edges.
  return pass(2, [G(m), D(gxy, f2)], gx, true);
}
