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
 * The B-spline prefilter along one axis, in place. It is separable: the axes can be filtered in any order, or
 * interleaved with resampling along the axes already filtered (what the separable resampler does).
 */
export function bsplinePrefilterAxis(c: Float64Array, size: Vec3, axis: number): void {
  const n = size[axis];
  if (n === 1) return;
  const [sx, sy, sz] = size;
  const stride = axis === 0 ? 1 : axis === 1 ? sx : sx * sy;
  // Line start o = a·stepA + b·stepB, consecutive b neighbouring voxels (strided reads reuse cache lines).
  const [countA, stepA, countB, stepB] = axis === 0 ? [1, 0, sy * sz, sx] : axis === 1 ? [sz, sx * sy, sx, 1] : [1, 0, sx * sy, 1];
  for (let a = 0; a < countA; a++) {
    for (let b = 0; b < countB; b++) dataToCoefficients1D(c, a * stepA + b * stepB, stride, n);
  }
}

/** ITK's 1D recursion on the line of n samples at o (stride st), in place; the gain is applied as samples are read. */
function dataToCoefficients1D(s: Float64Array, o: number, st: number, n: number): void {
  const z = POLE;
  const gain = (1 - z) * (1 - 1 / z);
  s[o] = initialCausalCoefficient(s, o, st, n, z, gain);
  for (let k = 1, p = o + st; k < n; k++, p += st) s[p] = s[p] * gain + z * s[p - st];
  const last = o + (n - 1) * st;
  s[last] = (z / (z * z - 1)) * (z * s[last - st] + s[last]);
  for (let p = last - st; p >= o; p -= st) s[p] = z * (s[p + st] - s[p]);
}

/** The first causal coefficient, from the gain-scaled samples (mirror boundary). */
function initialCausalCoefficient(s: Float64Array, o: number, st: number, n: number, z: number, gain: number): number {
  const horizon = Math.ceil(Math.log(TOLERANCE) / Math.log(Math.abs(z)));
  let zn = z;
  if (horizon < n) {
    let sum = s[o] * gain;
    for (let k = 1; k < horizon; k++) {
      sum += zn * (s[o + k * st] * gain);
      zn *= z;
    }
    return sum;
  }
  const iz = 1 / z;
  let z2n = Math.pow(z, n - 1);
  let sum = s[o] * gain + z2n * (s[o + (n - 1) * st] * gain);
  z2n *= z2n * iz;
  for (let k = 1; k <= n - 2; k++) {
    sum += (zn + z2n) * (s[o + k * st] * gain);
    zn *= z;
    z2n *= iz;
  }
  return sum / (1 - zn * zn);
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
