/**
 * Cubic B-spline interpolation as ITK's BSplineDecompositionImageFilter and
 * BSplineInterpolateImageFunction (order 3) compute it — the `sitkBSpline` PyRadiomics uses.
 */
import type { Vec3 } from './image.js';

const POLE = Math.sqrt(3) - 2;
/** ITK's default tolerance; it fixes how many samples start the causal recursion. */
const TOLERANCE = 1e-10;

/** B-spline coefficients (double precision) of an x-fastest volume, mirror boundaries. */
export function bsplineCoefficients(data: ArrayLike<number>, size: Vec3): Float64Array {
  const c = new Float64Array(data);
  for (let axis = 0; axis < 3; axis++) bsplinePrefilterAxis(c, size, axis);
  return c;
}

/**
 * The B-spline prefilter along one axis, in place: ITK's 1D recursion (gain, causal pass from a mirror-boundary
 * initial value, anti-causal pass) on every line. It is separable: the axes can be filtered in any order, or
 * interleaved with resampling along the axes already filtered (what the separable resampler does). The lines are
 * filtered side by side, one position at a time, so the inner loops carry no dependency: for y and z the lines of a
 * block are neighbouring voxels; for x the lines are the rows (sx apart).
 */
export function bsplinePrefilterAxis(c: Float64Array, size: Vec3, axis: number): void {
  const n = size[axis];
  if (n === 1) return;
  const [sx, sy, sz] = size;
  const z = POLE;
  const gain = (1 - z) * (1 - 1 / z);
  const start = initialCausal(n, z);
  // Element k of lane l of block b: b·blockStep + k·st + l·laneStep.
  const st = axis === 0 ? 1 : axis === 1 ? sx : sx * sy;
  const [blocks, blockStep, lanes, laneStep] = axis === 0 ? [1, 0, sy * sz, sx] : axis === 1 ? [sz, sx * sy, sx, 1] : [1, 0, sx * sy, 1];
  const end = lanes * laneStep;
  const acc = new Float64Array(lanes);
  for (let b = 0; b < blocks; b++) {
    const base = b * blockStep;
    const last = base + (n - 1) * st;
    // Initial causal coefficient of each lane, from the gain-scaled samples.
    for (let l = 0, q = 0; q < end; l++, q += laneStep) {
      acc[l] = start.mirror ? c[base + q] * gain + start.last * (c[last + q] * gain) : c[base + q] * gain;
    }
    for (let k = 1; k < start.weights.length; k++) {
      const w = start.weights[k];
      const row = base + k * st;
      for (let l = 0, q = 0; q < end; l++, q += laneStep) acc[l] += w * (c[row + q] * gain);
    }
    for (let l = 0, q = 0; q < end; l++, q += laneStep) c[base + q] = start.mirror ? acc[l] / start.denominator : acc[l];
    for (let row = base + st; row <= last; row += st) {
      for (let q = 0; q < end; q += laneStep) c[row + q] = c[row + q] * gain + z * c[row - st + q];
    }
    const f = z / (z * z - 1);
    for (let q = 0; q < end; q += laneStep) c[last + q] = f * (z * c[last - st + q] + c[last + q]);
    for (let row = last - st; row >= base; row -= st) {
      for (let q = 0; q < end; q += laneStep) c[row + q] = z * (c[row + st + q] - c[row + q]);
    }
  }
}

/**
 * ITK's initial causal coefficient as weights on the gain-scaled samples of a line of n: Σ_k weights[k]·s[k] over
 * the first `horizon` samples (weights[0] = 1), or, when the line is shorter than that, the mirror-boundary closed
 * form (s[0] + last·s[n−1] + Σ_{k=1…n−2} weights[k]·s[k]) / denominator. Same products, same order as ITK.
 */
function initialCausal(n: number, z: number): { weights: Float64Array; mirror: boolean; last: number; denominator: number } {
  const horizon = Math.ceil(Math.log(TOLERANCE) / Math.log(Math.abs(z)));
  let zn = z;
  if (horizon < n) {
    const weights = new Float64Array(horizon);
    for (let k = 1; k < horizon; k++) {
      weights[k] = zn;
      zn *= z;
    }
    return { weights, mirror: false, last: 0, denominator: 1 };
  }
  const iz = 1 / z;
  let z2n = Math.pow(z, n - 1);
  const last = z2n;
  z2n *= z2n * iz;
  const weights = new Float64Array(n - 1);
  for (let k = 1; k <= n - 2; k++) {
    weights[k] = zn + z2n;
    zn *= z;
    z2n *= iz;
  }
  return { weights, mirror: true, last, denominator: 1 - zn * zn };
}

/** Cubic B-spline weights for the 4 samples floor(x)−1 … floor(x)+2 (ITK's order-3 formulas). */
export function bsplineWeights(x: number, out: Float64Array): number {
  const first = Math.floor(x) - 1;
  const w = x - (first + 1);
  out[3] = (w * w * w) / 6;
  out[0] = 1 / 6 + 0.5 * w * (w - 1) - out[3];
  out[2] = w + out[0] - 2 * out[3];
  out[1] = 1 - out[0] - out[2] - out[3];
  return first;
}

/** Whole-sample mirror of an index into [0, n−1], as ITK's ApplyMirrorBoundaryConditions. */
export function mirrorIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let m = ((i % period) + period) % period;
  if (m > n - 1) m = period - m;
  return m;
}

/** Returns a sampler evaluating the spline at a continuous index. */
export function bsplineSampler(coefficients: Float64Array, size: Vec3): (x: number, y: number, z: number) => number {
  const [sx, sy, sz] = size;
  const wx = new Float64Array(4);
  const wy = new Float64Array(4);
  const wz = new Float64Array(4);
  const ix = new Int32Array(4);
  const iy = new Int32Array(4);
  const iz = new Int32Array(4);
  return (x, y, z) => {
    const fx = bsplineWeights(x, wx);
    const fy = bsplineWeights(y, wy);
    const fz = bsplineWeights(z, wz);
    for (let k = 0; k < 4; k++) {
      ix[k] = mirrorIndex(fx + k, sx);
      iy[k] = mirrorIndex(fy + k, sy) * sx;
      iz[k] = mirrorIndex(fz + k, sz) * sx * sy;
    }
    let value = 0;
    for (let c = 0; c < 4; c++) {
      // A single-voxel axis contributes its only sample with weight 1, as ITK does.
      const wzc = sz === 1 ? (c === 0 ? 1 : 0) : wz[c];
      if (wzc === 0) continue;
      for (let b = 0; b < 4; b++) {
        const wyb = sy === 1 ? (b === 0 ? 1 : 0) : wy[b];
        if (wyb === 0) continue;
        const row = iz[c] + iy[b];
        let acc = 0;
        for (let a = 0; a < 4; a++) acc += (sx === 1 ? (a === 0 ? 1 : 0) : wx[a]) * coefficients[row + ix[a]];
        value += wzc * wyb * acc;
      }
    }
    return value;
  };
}
