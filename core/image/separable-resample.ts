/**
 * Fast path of resampleToGrid when the output axes are parallel to the input axes (the usual
 * case: same direction, new spacing). The interpolation kernels are then separable, so the
 * volume is resampled one axis at a time from per-axis tap tables.
 */
import { bsplineCoefficients, bsplineWeights, mirrorIndex } from './bspline.js';
import type { Image3D, Vec3 } from './image.js';

type Interpolator = 'nearest' | 'linear' | 'bspline';

/** Input taps (indices, weights) of each output sample along one axis, and whether it lies inside. */
interface AxisTaps {
  width: number;
  index: Int32Array;
  weight: Float64Array;
  inside: Uint8Array;
}

function axisTaps(interpolator: Interpolator, n: number, count: number, start: number, step: number, edge: boolean): AxisTaps {
  const width = interpolator === 'nearest' ? 1 : interpolator === 'linear' ? 2 : 4;
  const index = new Int32Array(count * width);
  const weight = new Float64Array(count * width);
  const inside = new Uint8Array(count);
  const clamp = (i: number) => (i < 0 ? 0 : i > n - 1 ? n - 1 : i);
  const w4 = new Float64Array(4);
  for (let q = 0; q < count; q++) {
    let c = start + step * q;
    // ITK's IsInsideBuffer: [−0.5, n − 0.5).
    const isInside = c >= -0.5 && c < n - 0.5;
    inside[q] = isInside || edge ? 1 : 0;
    if (!isInside && edge) c = c < 0 ? 0 : n - 1;
    const o = q * width;
    if (interpolator === 'nearest') {
      index[o] = clamp(Math.floor(c + 0.5));
      weight[o] = 1;
    } else if (interpolator === 'linear') {
      const f = Math.floor(c);
      index[o] = clamp(f);
      index[o + 1] = clamp(f + 1);
      weight[o] = 1 - (c - f);
      weight[o + 1] = c - f;
    } else if (n === 1) {
      index.fill(0, o, o + 4);
      weight[o] = 1;
    } else {
      const first = bsplineWeights(c, w4);
      for (let k = 0; k < 4; k++) {
        index[o + k] = mirrorIndex(first + k, n);
        weight[o + k] = w4[k];
      }
    }
  }
  return { width, index, weight, inside };
}

/**
 * Resamples along one axis: input laid out [outer][nIn][inner] → output [outer][nOut][inner].
 */
function pass(input: Float64Array, nIn: number, inner: number, outer: number, taps: AxisTaps, nOut: number): Float64Array {
  const out = new Float64Array(outer * nOut * inner);
  const { width, index, weight } = taps;
  for (let o = 0; o < outer; o++) {
    const inBase = o * nIn * inner;
    const outBase = o * nOut * inner;
    for (let q = 0; q < nOut; q++) {
      const target = outBase + q * inner;
      for (let k = 0; k < width; k++) {
        const w = weight[q * width + k];
        if (w === 0) continue;
        const source = inBase + index[q * width + k] * inner;
        for (let e = 0; e < inner; e++) out[target + e] += w * input[source + e];
      }
    }
  }
  return out;
}

/**
 * Samples on an axis-aligned grid. `start`/`step`: continuous input index of output index 0 and its
 * increment, per axis. Returns doubles, and a flag per output voxel: 0 where it falls outside.
 */
export function separableResample(
  image: Image3D,
  interpolator: Interpolator,
  outSize: Vec3,
  start: Vec3,
  step: Vec3,
  edge: boolean,
): { values: Float64Array; inside: (i: number, j: number, k: number) => boolean } {
  const [nx, ny, nz] = image.size;
  const tx = axisTaps(interpolator, nx, outSize[0], start[0], step[0], edge);
  const ty = axisTaps(interpolator, ny, outSize[1], start[1], step[1], edge);
  const tz = axisTaps(interpolator, nz, outSize[2], start[2], step[2], edge);
  // Only the input block the taps reach is needed (a lesion's surroundings, not the whole CT).
  // B-spline coefficients need a margin: the prefilter's reach decays as 0.268^k (< 1e-13 at 24).
  const margin = interpolator === 'bspline' ? 24 : 0;
  const [lx, hx] = tapRange(tx, nx, margin);
  const [ly, hy] = tapRange(ty, ny, margin);
  const [lz, hz] = tapRange(tz, nz, margin);
  const block: Vec3 = [hx - lx + 1, hy - ly + 1, hz - lz + 1];
  const cropped = new Float64Array(block[0] * block[1] * block[2]);
  let o = 0;
  for (let z = lz; z <= hz; z++)
    for (let y = ly; y <= hy; y++)
      for (let x = lx; x <= hx; x++) cropped[o++] = image.data[x + y * nx + z * nx * ny];
  const source = interpolator === 'bspline' ? bsplineCoefficients(cropped, block) : cropped;
  shiftTaps(tx, lx);
  shiftTaps(ty, ly);
  shiftTaps(tz, lz);
  const a = pass(source, block[0], 1, block[1] * block[2], tx, outSize[0]);
  const b = pass(a, block[1], outSize[0], block[2], ty, outSize[1]);
  const values = pass(b, block[2], outSize[0] * outSize[1], 1, tz, outSize[2]);
  return { values, inside: (i, j, k) => tx.inside[i] === 1 && ty.inside[j] === 1 && tz.inside[k] === 1 };
}

/** Smallest and largest input index the used taps touch, widened by `margin` within [0, n − 1]. */
function tapRange(taps: AxisTaps, n: number, margin: number): [number, number] {
  let lo = n;
  let hi = -1;
  for (let q = 0; q < taps.inside.length; q++) {
    if (!taps.inside[q]) continue;
    for (let k = 0; k < taps.width; k++) {
      const i = taps.index[q * taps.width + k];
      if (i < lo) lo = i;
      if (i > hi) hi = i;
    }
  }
  if (hi < 0) return [0, 0]; // every sample is outside: any one voxel will do
  return [Math.max(0, lo - margin), Math.min(n - 1, hi + margin)];
}

/** Re-bases tap indices on the cropped block; samples outside the image point at its first voxel. */
function shiftTaps(taps: AxisTaps, lo: number): void {
  for (let q = 0; q < taps.inside.length; q++) {
    for (let k = 0; k < taps.width; k++) {
      const at = q * taps.width + k;
      taps.index[at] = taps.inside[q] ? taps.index[at] - lo : 0;
    }
  }
}
