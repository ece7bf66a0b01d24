/**
 * Laplacian of Gaussian as SimpleITK's LaplacianRecursiveGaussian with NormalizeAcrossScale (what
 * PyRadiomics' LoG image type runs): for each axis, the recursive second derivative along it and the
 * recursive Gaussian along the others, summed; σ in mm, response scaled by σ². Borders extend the
 * edge value, as ITK does.
 */
import type { Vec3 } from '../../../core/image/image.js';
import type { BoundingBox } from '../../../core/image/geometry.js';
import { recursiveGaussianPass, type GaussianOutput } from './recursive-gaussian.js';
import { sweepBoxes } from './sweep-boxes.js';
import { gaussianWorkspace } from './gaussian-kernel.js';

/**
 * Returns float32 values, as SimpleITK does, in this thread's work buffer: the next call overwrites it (copy it first).
 * Only the voxels in `read` (inclusive bounds; default: all) are computed, exactly as a full pass would; the others
 * are undefined (see sweep-boxes.ts): for brain1's ROI padded by 10 voxels this skips 40 % of the work.
 */
export function laplacianOfGaussian(data: Float64Array, size: Vec3, spacing: Vec3, sigmaMm: number, read?: BoundingBox): Float32Array {
  const n = data.length;
  // The 1D filter differentiates per voxel; ITK's Laplacian divides by spacing² to get mm⁻².
  const [f0, f1, f2] = spacing.map((s) => 1 / (s * s));
  const boxes = sweepBoxes(size, read);
  const pass = (axis: number, a: Float64Array | Float32Array, b: Float32Array | null, outputs: [GaussianOutput] | [GaussianOutput, GaussianOutput]) =>
    recursiveGaussianPass(size, axis, sigmaMm / spacing[axis], a, b, outputs, boxes[axis]);
  const G = { order: 0 as const, gain: 1 };
  const D = (gain: number) => ({ order: 2 as const, gain });
  // Gz(Gy(f0·Dx) + f1·Dy(Gx)) + f2·Dz(Gy(Gx)): the filters are linear and separable, so the three terms share the
  // smoothed images and the sums fold into the y and z passes: three sweeps over the volume instead of nine.
  // Intermediates are float32 like ITK's; the output too, as SimpleITK returns it (binning sees the same values).
  // In the WebAssembly kernel's memory, so that the sweeps run there (gaussian-kernel.ts).
  const work = gaussianWorkspace(n, n, 3);
  work.f64.set(data);
  const [gx, dx, gxy] = work.f32;
  pass(0, work.f64, null, [{ dst: gx, a: G }, { dst: dx, a: D(f0) }]);
  pass(1, gx, dx, [{ dst: gxy, a: G }, { dst: dx, a: D(f1), b: G }]); // dx becomes Gy(f0·Dx) + f1·Dy(Gx)
  pass(2, dx, gxy, [{ dst: gx, a: G, b: D(f2) }]);
  return gx;
}
