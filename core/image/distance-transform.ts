/**
 * Exact squared Euclidean distance transform in millimetres on an anisotropic grid
 * (Felzenszwalb & Huttenlocher 2012: one lower-envelope pass per axis, O(voxels)).
 */
import type { Vec3 } from './image.js';

/**
 * Squared distance (mm²) from every voxel to the nearest voxel where `isSeed` is 1.
 * Voxels with no seed anywhere get Infinity.
 */
export function squaredDistanceToSeeds(isSeed: Uint8Array, size: Vec3, spacing: Vec3): Float64Array {
  const [sx, sy, sz] = size;
  const d = new Float64Array(isSeed.length);
  for (let i = 0; i < d.length; i++) d[i] = isSeed[i] ? 0 : Infinity;
  const strides: Vec3 = [1, sx, sx * sy];
  const n = Math.max(sx, sy, sz);
  const f = new Float64Array(n);
  const out = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let axis = 0; axis < 3; axis++) {
    const len = size[axis];
    if (len === 1) continue;
    const stride = strides[axis];
    const w2 = spacing[axis] * spacing[axis];
    const others = [0, 1, 2].filter((a) => a !== axis);
    const [a1, a2] = others;
    for (let j = 0; j < size[a2]; j++) {
      for (let i = 0; i < size[a1]; i++) {
        const base = i * strides[a1] + j * strides[a2];
        for (let k = 0; k < len; k++) f[k] = d[base + k * stride];
        lowerEnvelope(f, len, w2, out, v, z);
        for (let k = 0; k < len; k++) d[base + k * stride] = out[k];
      }
    }
  }
  return d;
}

/** 1D pass: out[q] = min_p f[p] + w2·(q − p)², for f with Infinity entries allowed. */
function lowerEnvelope(f: Float64Array, n: number, w2: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    if (f[q] === Infinity) continue;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    let s = intersection(f, v[k], q, w2);
    while (s <= z[k]) {
      k--;
      if (k < 0) break;
      s = intersection(f, v[k], q, w2);
    }
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    for (let q = 0; q < n; q++) out[q] = Infinity;
    return;
  }
  let j = 0;
  for (let q = 0; q < n; q++) {
    while (z[j + 1] < q) j++;
    const dq = q - v[j];
    out[q] = f[v[j]] + w2 * dq * dq;
  }
}

/** Where the parabolas rooted at p and q (weights w2) intersect. */
function intersection(f: Float64Array, p: number, q: number, w2: number): number {
  return (f[q] + w2 * q * q - (f[p] + w2 * p * p)) / (2 * w2 * (q - p));
}
