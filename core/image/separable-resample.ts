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
  const source = interpolator === 'bspline' ? bsplineCoefficients(image.data, image.size) : Float64Array.from(image.data as ArrayLike<number>);
  const tx = axisTaps(interpolator, nx, outSize[0], start[0], step[0], edge);
  const ty = axisTaps(interpolator, ny, outSize[1], start[1], step[1], edge);
  const tz = axisTaps(interpolator, nz, outSize[2], start[2], step[2], edge);
  const a = pass(source, nx, 1, ny * nz, tx, outSize[0]);
  const b = pass(a, ny, outSize[0], nz, ty, outSize[1]);
  const values = pass(b, nz, outSize[0] * outSize[1], 1, tz, outSize[2]);
  return { values, inside: (i, j, k) => tx.inside[i] === 1 && ty.inside[j] === 1 && tz.inside[k] === 1 };
}
