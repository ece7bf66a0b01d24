/**
 * Fast path of resampleToGrid when the output axes are parallel to the input axes (the usual
 * case: same direction, new spacing). The interpolation kernels are then separable, so the
 * volume is resampled one axis at a time from per-axis tap tables.
 */
import { bsplinePrefilterAxis, bsplineWeights, mirrorIndex } from './bspline.js';
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
 * Resamples along one axis: input laid out [outer][nIn][inner] → output [outer][nOut][inner]. Each output position is
 * computed for a whole set of lanes at once, with its taps hoisted: the `inner` contiguous voxels of an outer block,
 * or along x (inner 1) all rows (nIn apart in the input, nOut in the output).
 */
function pass(input: Float64Array, nIn: number, inner: number, outer: number, taps: AxisTaps, nOut: number): Float64Array {
  const out = new Float64Array(outer * nOut * inner);
  const { width, index, weight } = taps;
  const [blocks, lanes, inStep, outStep] = inner === 1 ? [1, outer, nIn, nOut] : [outer, inner, 1, 1];
  for (let o = 0; o < blocks; o++) {
    const inBase = o * nIn * inner;
    const outBase = o * nOut * inner;
    for (let q = 0; q < nOut; q++) {
      const target = outBase + q * inner;
      const t = q * width;
      if (width === 4 && weight[t] !== 0 && weight[t + 1] !== 0 && weight[t + 2] !== 0 && weight[t + 3] !== 0) {
        // The usual B-spline case: four taps in one sweep over the lanes (same sum order as below).
        const [w0, w1, w2, w3] = [weight[t], weight[t + 1], weight[t + 2], weight[t + 3]];
        const s0 = inBase + index[t] * inner, s1 = inBase + index[t + 1] * inner;
        const s2 = inBase + index[t + 2] * inner, s3 = inBase + index[t + 3] * inner;
        for (let l = 0, i = 0, j = target; l < lanes; l++, i += inStep, j += outStep) {
          out[j] = w0 * input[s0 + i] + w1 * input[s1 + i] + w2 * input[s2 + i] + w3 * input[s3 + i];
        }
        continue;
      }
      // Zero weights are skipped, so that a NaN neighbour a sample does not reach stays out of it.
      for (let k = 0; k < width; k++) {
        const w = weight[t + k];
        if (w === 0) continue;
        const source = inBase + index[t + k] * inner;
        for (let l = 0, i = source, j = target; l < lanes; l++, i += inStep, j += outStep) out[j] += w * input[i];
      }
    }
  }
  return out;
}

/**
 * Samples on an axis-aligned grid. `start`/`step`: continuous input index of output index 0 and its
 * increment, per axis. Returns doubles; a sample outside the input gets `outside`, or with 'edge' the
 * nearest border value.
 */
export function separableResample(
  image: Image3D,
  interpolator: Interpolator,
  outSize: Vec3,
  start: Vec3,
  step: Vec3,
  outside: number | 'edge',
): Float64Array {
  const edge = outside === 'edge';
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
  for (let z = lz, o = 0; z <= hz; z++) {
    for (let y = ly; y <= hy; y++, o += block[0]) {
      const row = lx + y * nx + z * nx * ny;
      cropped.set(image.data.subarray(row, row + block[0]), o);
    }
  }
  shiftTaps(tx, lx);
  shiftTaps(ty, ly);
  shiftTaps(tz, lz);
  const values = interpolator === 'nearest' ? gather(cropped, block, tx, ty, tz) : interpolate(cropped, block, outSize, tx, ty, tz, interpolator === 'bspline');
  if (outside !== 'edge') {
    for (let k = 0, o = 0; k < outSize[2]; k++) {
      for (let j = 0; j < outSize[1]; j++, o += outSize[0]) {
        if (tz.inside[k] && ty.inside[j]) {
          for (let i = 0; i < outSize[0]; i++) if (!tx.inside[i]) values[o + i] = outside;
        } else values.fill(outside, o, o + outSize[0]);
      }
    }
  }
  return values;
}

/**
 * Linear or B-spline: one axis at a time. The B-spline prefilter is separable too, so each axis is prefiltered just
 * before it is resampled and the y and z prefilters run on the already shrunk volume (same result as prefiltering
 * the whole block first).
 */
function interpolate(block: Float64Array, size: Vec3, outSize: Vec3, tx: AxisTaps, ty: AxisTaps, tz: AxisTaps, bspline: boolean): Float64Array {
  const prefilter = (v: Float64Array, s: Vec3, axis: number) => {
    if (bspline) bsplinePrefilterAxis(v, s, axis);
    return v;
  };
  const a = pass(prefilter(block, size, 0), size[0], 1, size[1] * size[2], tx, outSize[0]);
  const b = pass(prefilter(a, [outSize[0], size[1], size[2]], 1), size[1], outSize[0], size[2], ty, outSize[1]);
  return pass(prefilter(b, [outSize[0], outSize[1], size[2]], 2), size[2], outSize[0] * outSize[1], 1, tz, outSize[2]);
}

/** Nearest neighbour: each output voxel copies one input voxel, so no per-axis passes are needed. */
function gather(block: Float64Array, size: Vec3, tx: AxisTaps, ty: AxisTaps, tz: AxisTaps): Float64Array {
  const [nx, ny, nz] = [tx.inside.length, ty.inside.length, tz.inside.length];
  const out = new Float64Array(nx * ny * nz);
  for (let k = 0, o = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = (tz.index[k] * size[1] + ty.index[j]) * size[0];
      for (let i = 0; i < nx; i++, o++) out[o] = block[row + tx.index[i]];
    }
  }
  return out;
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
