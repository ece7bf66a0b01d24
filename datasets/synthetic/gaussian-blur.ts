/**
 * Separable Gaussian smoothing with sigma in millimetres (border samples repeat outward).
 */
import type { Vec3 } from '../../core/image/image.js';

/** Below this sigma in voxels an axis is left alone: the kernel would be a near-delta. */
const MIN_SIGMA_VOXELS = 0.2;

function kernelFor(sigma: number): Float64Array {
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let k = -radius; k <= radius; k++) total += kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k] /= total;
  return kernel;
}

export function gaussianBlurMm(data: Float32Array, size: Vec3, spacing: Vec3, sigmaMm: number): Float32Array {
  let current = data;
  for (let axis = 0; axis < 3; axis++) {
    const sigma = sigmaMm / spacing[axis];
    if (sigma < MIN_SIGMA_VOXELS || size[axis] === 1) continue;
    current = blurAxis(current, size, axis, kernelFor(sigma));
  }
  return current;
}

/**
 * The volume seen as [outer][n][inner] with n along `axis`: each output row (inner elements) is a
 * weighted sum of input rows, so the innermost loop runs over contiguous memory.
 */
function blurAxis(input: Float32Array, size: Vec3, axis: number, kernel: Float64Array): Float32Array {
  const radius = (kernel.length - 1) / 2;
  const n = size[axis];
  const inner = axis === 0 ? 1 : axis === 1 ? size[0] : size[0] * size[1];
  const outer = input.length / (n * inner);
  const out = new Float32Array(input.length);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * n;
      for (let q = 0; q < n; q++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const p = q + k < 0 ? 0 : q + k >= n ? n - 1 : q + k;
          acc += kernel[k + radius] * input[base + p];
        }
        out[base + q] = acc;
      }
    }
    return out;
  }
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let q = 0; q < n; q++) {
      const target = base + q * inner;
      for (let k = -radius; k <= radius; k++) {
        const p = q + k < 0 ? 0 : q + k >= n ? n - 1 : q + k;
        const source = base + p * inner;
        const w = kernel[k + radius];
        for (let e = 0; e < inner; e++) out[target + e] += w * input[source + e];
      }
    }
  }
  return out;
}
