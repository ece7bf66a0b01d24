/**
 * Laplacian of Gaussian as SimpleITK's LaplacianRecursiveGaussian with NormalizeAcrossScale (what
 * PyRadiomics' LoG image type runs): for each axis, the recursive second derivative along it and the
 * recursive Gaussian along the others, summed; σ in mm, response scaled by σ². Borders extend the
 * edge value, as ITK does.
 */
import type { Vec3 } from '../../../core/image/image.js';
import { recursiveGaussianSum, type GaussianTerm, type GaussianTerms, type Samples } from './recursive-gaussian.js';

/** Returns float32 values, as SimpleITK does. */
export function laplacianOfGaussian(data: Float64Array, size: Vec3, spacing: Vec3, sigmaMm: number): Float32Array {
  const n = data.length;
  // The 1D filter differentiates per voxel; ITK's Laplacian divides by spacing² to get mm⁻².
  const [f0, f1, f2] = spacing.map((s) => 1 / (s * s));
  const pass = (axis: number, terms: GaussianTerms, dst: Float32Array) => recursiveGaussianSum(size, axis, sigmaMm / spacing[axis], terms, dst);
  const G = (src: Samples, gain = 1): GaussianTerm => ({ src, order: 0, gain });
  const D = (src: Samples, gain: number): GaussianTerm => ({ src, order: 2, gain });
  // Gz(Gy(f0·Dx) + f1·Dy(Gx)) + f2·Dz(Gy(Gx)): the filters are linear and separable, so the three terms share
  // the smoothed images and the sums fold into the y and z passes. Three sweeps over the volume instead of eight.
  // Intermediates are float32 like ITK's; the output too, as SimpleITK returns it (binning sees the same values).
  const gx = pass(0, [G(data)], new Float32Array(n));
  const dx = pass(0, [D(data, f0)], new Float32Array(n));
  const gxy = pass(1, [G(gx)], new Float32Array(n));
  const m = pass(1, [G(dx), D(gx, f1)], dx);
  return pass(2, [G(m), D(gxy, f2)], gx);
}
