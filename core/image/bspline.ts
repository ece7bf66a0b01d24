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
  const c = Float64Array.from(data as ArrayLike<number>);
  const strides: Vec3 = [1, size[0], size[0] * size[1]];
  const line = new Float64Array(Math.max(...size));
  for (let axis = 0; axis < 3; axis++) {
    const n = size[axis];
    if (n === 1) continue;
    const stride = strides[axis];
    const [a1, a2] = [0, 1, 2].filter((a) => a !== axis);
    for (let j = 0; j < size[a2]; j++) {
      for (let i = 0; i < size[a1]; i++) {
        const base = i * strides[a1] + j * strides[a2];
        for (let k = 0; k < n; k++) line[k] = c[base + k * stride];
        dataToCoefficients1D(line, n);
        for (let k = 0; k < n; k++) c[base + k * stride] = line[k];
      }
    }
  }
  return c;
}

function dataToCoefficients1D(s: Float64Array, n: number): void {
  const z = POLE;
  const gain = (1 - z) * (1 - 1 / z);
  for (let k = 0; k < n; k++) s[k] *= gain;
  s[0] = initialCausalCoefficient(s, n, z);
  for (let k = 1; k < n; k++) s[k] += z * s[k - 1];
  s[n - 1] = (z / (z * z - 1)) * (z * s[n - 2] + s[n - 1]);
  for (let k = n - 2; k >= 0; k--) s[k] = z * (s[k + 1] - s[k]);
}

function initialCausalCoefficient(s: Float64Array, n: number, z: number): number {
  const horizon = Math.ceil(Math.log(TOLERANCE) / Math.log(Math.abs(z)));
  let zn = z;
  if (horizon < n) {
    let sum = s[0];
    for (let k = 1; k < horizon; k++) {
      sum += zn * s[k];
      zn *= z;
    }
    return sum;
  }
  const iz = 1 / z;
  let z2n = Math.pow(z, n - 1);
  let sum = s[0] + z2n * s[n - 1];
  z2n *= z2n * iz;
  for (let k = 1; k <= n - 2; k++) {
    sum += (zn + z2n) * s[k];
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
