/**
 * Laplacian of Gaussian as SimpleITK's LaplacianRecursiveGaussian with NormalizeAcrossScale (what
 * PyRadiomics' LoG image type runs): for each axis, the recursive second derivative along it and the
 * recursive Gaussian along the others, summed; σ in mm, response scaled by σ². Borders extend the
 * edge value, as ITK does.
 */
import type { Vec3 } from '../../../core/image/image.js';
import { recursiveGaussianPass, type GaussianOutput, type LineBox } from './recursive-gaussian.js';
import { scratchF32 } from './scratch.js';

/**
 * Returns float32 values, as SimpleITK does, in this thread's work buffer: the next call overwrites it (copy it first).
 * Only the voxels in `read` (inclusive bounds; default: all) are computed; the others are undefined. Features read the
 * ROI's box only, and the y and z sweeps are needed only over the lines that cross it: about a third of the work
 * for a typical ROI padded by 10 voxels, with exactly the same values inside.
 */
export function laplacianOfGaussian(data: Float64Array, size: Vec3, spacing: Vec3, sigmaMm: number, read?: LineBox): Float32Array {
  const n = data.length;
  // The 1D filter differentiates per voxel; ITK's Laplacian divides by spacing² to get mm⁻².
  const [f0, f1, f2] = spacing.map((s) => 1 / (s * s));
  const pass = (axis: number, a: Float64Array | Float32Array, b: Float32Array | null, outputs: [GaussianOutput] | [GaussianOutput, GaussianOutput], lines?: LineBox) =>
    recursiveGaussianPass(size, axis, sigmaMm / spacing[axis], a, b, outputs, lines);
  const last = size.map((s) => s - 1) as [number, number, number];
  // The y sweep feeds the z sweep, which needs every z: it runs over the box's x range only; the z sweep over its x, y.
  const yLines: LineBox | undefined = read && { lower: [read.lower[0], 0, 0], upper: [read.upper[0], last[1], last[2]] };
  const zLines: LineBox | undefined = read && { lower: [read.lower[0], read.lower[1], 0], upper: [read.upper[0], read.upper[1], last[2]] };
  const G = { order: 0 as const, gain: 1 };
  const D = (gain: number) => ({ order: 2 as const, gain });
  // Gz(Gy(f0·Dx) + f1·Dy(Gx)) + f2·Dz(Gy(Gx)): the filters are linear and separable, so the three terms share the
  // smoothed images and the sums fold into the y and z passes: three sweeps over the volume instead of nine.
  // Intermediates are float32 like ITK's; the output too, as SimpleITK returns it (binning sees the same values).
  const gx = scratchF32(0, n), dx = scratchF32(1, n), gxy = scratchF32(2, n);
  pass(0, data, null, [{ dst: gx, a: G }, { dst: dx, a: D(f0) }]);
  pass(1, gx, dx, [{ dst: gxy, a: G }, { dst: dx, a: D(f1), b: G }], yLines); // dx becomes Gy(f0·Dx) + f1·Dy(Gx)
  pass(2, dx, gxy, [{ dst: gx, a: G, b: D(f2) }], zLines);
  return gx;
}
