/**
 * Recursive (IIR) Gaussian filtering as ITK's RecursiveGaussianImageFilter (Deriche's 4th-order
 * approximation, causal + anti-causal passes, borders extended with the edge value), which is what
 * SimpleITK's LaplacianRecursiveGaussian — and so PyRadiomics' LoG — uses. Coefficients and border
 * initialisation follow ITK so that PyRadiomics' LoG features are reproduced.
 */

import type { BoundingBox } from '../../../core/image/geometry.js';
import { kernelFor, MAX_KERNEL_LINE } from './gaussian-kernel.js';

export type GaussianOrder = 0 | 2;

/** Filter input: the image as given, or an intermediate stored as float32 (as ITK's Laplacian stores them). */
export type Samples = Float64Array | Float32Array;

interface Coefficients {
  n: [number, number, number, number];
  m: [number, number, number, number];
  d: [number, number, number, number];
  /**
   * Feedback state per unit edge value before the first (causal) and after the last (anti-causal) sample: what a
   * constant line settles to, which is ITK's border initialisation (its bn/bm terms are d_k times these).
   */
  edgeFwd: number;
  edgeBwd: number;
}

const A1 = [1.353, -0.6724, -1.3563];
const B1 = [1.8151, -3.4327, 5.2318];
const A2 = [-0.3531, 0.6724, 0.3446];
const B2 = [0.0902, 0.61, -2.2355];
const W1 = 0.6681, L1 = -1.3932, W2 = 2.0787, L2 = -1.3732;

function nCoefficients(sigmad: number, a1: number, b1: number, a2: number, b2: number) {
  const sin1 = Math.sin(W1 / sigmad), sin2 = Math.sin(W2 / sigmad);
  const cos1 = Math.cos(W1 / sigmad), cos2 = Math.cos(W2 / sigmad);
  const exp1 = Math.exp(L1 / sigmad), exp2 = Math.exp(L2 / sigmad);
  const n0 = a1 + a2;
  let n1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2);
  n1 += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1);
  let n2 = (a1 + a2) * cos2 * cos1;
  n2 -= b1 * cos2 * sin1 + b2 * cos1 * sin2;
  n2 *= 2 * exp1 * exp2;
  n2 += a2 * exp1 * exp1 + a1 * exp2 * exp2;
  let n3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2);
  n3 += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1);
  return { n: [n0, n1, n2, n3] as [number, number, number, number], sn: n0 + n1 + n2 + n3, dn: n1 + 2 * n2 + 3 * n3, en: n1 + 4 * n2 + 9 * n3 };
}

/** @param scale multiplies the response. */
function coefficients(sigmad: number, order: GaussianOrder, scale: number): Coefficients {
  const cos1 = Math.cos(W1 / sigmad), cos2 = Math.cos(W2 / sigmad);
  const exp1 = Math.exp(L1 / sigmad), exp2 = Math.exp(L2 / sigmad);
  const d4 = exp1 * exp1 * exp2 * exp2;
  const d3 = -2 * cos1 * exp1 * exp2 * exp2 - 2 * cos2 * exp2 * exp1 * exp1;
  const d2 = 4 * cos2 * cos1 * exp1 * exp2 + exp1 * exp1 + exp2 * exp2;
  const d1 = -2 * (exp2 * cos2 + exp1 * cos1);
  const sd = 1 + d1 + d2 + d3 + d4;
  const dd = d1 + 2 * d2 + 3 * d3 + 4 * d4;
  const ed = d1 + 4 * d2 + 9 * d3 + 16 * d4;
  let n: [number, number, number, number];
  if (order === 0) {
    const c = nCoefficients(sigmad, A1[0], B1[0], A2[0], B2[0]);
    const alpha0 = (2 * c.sn) / sd - c.n[0];
    n = c.n.map((v) => (v * scale) / alpha0) as typeof n;
  } else {
    const c0 = nCoefficients(sigmad, A1[0], B1[0], A2[0], B2[0]);
    const c2 = nCoefficients(sigmad, A1[2], B1[2], A2[2], B2[2]);
    const beta = -(2 * c2.sn - sd * c2.n[0]) / (2 * c0.sn - sd * c0.n[0]);
    const nn = c2.n.map((v, i) => v + beta * c0.n[i]);
    const sn = c2.sn + beta * c0.sn, dn = c2.dn + beta * c0.dn, en = c2.en + beta * c0.en;
    const alpha2 = (en * sd * sd - ed * sn * sd - 2 * dn * dd * sd + 2 * dd * dd * sn) / (sd * sd * sd);
    n = nn.map((v) => (v * scale) / alpha2) as typeof n;
  }
  // Both orders used here are symmetric kernels.
  const m: [number, number, number, number] = [n[1] - d1 * n[0], n[2] - d2 * n[0], n[3] - d3 * n[0], -d4 * n[0]];
  const sum = (v: number[]) => v[0] + v[1] + v[2] + v[3];
  return { n, m, d: [d1, d2, d3, d4], edgeFwd: sum(n) / sd, edgeBwd: sum(m) / sd };
}

/** One filter of a pass input: gain × (Gaussian, or its σ²-normalised second derivative). */
export interface GaussianFilter {
  order: GaussianOrder;
  gain: number;
}

/** One output of a pass: the sum of the filtered inputs (a filter per input, or none for an unused input). */
export interface GaussianOutput {
  dst: Float32Array;
  a?: GaussianFilter;
  b?: GaussianFilter;
}

/** A filter's coefficients for the line kernel: causal n0…n3, anti-causal m1…m4, edgeFwd, edgeBwd (zeros: none). */
function taps(sigmaVoxels: number, f: GaussianFilter | undefined): number[] {
  if (!f) return new Array(10).fill(0);
  const c = coefficients(sigmaVoxels, f.order, f.order === 2 ? f.gain * sigmaVoxels * sigmaVoxels : f.gain);
  return [...c.n, ...c.m, c.edgeFwd, c.edgeBwd];
}

/**
 * One sweep along an axis of x-fastest volumes, σ in voxels: each output = Σ filter(input) over the inputs a and b
 * (b optional). Each filter is ITK's causal + anti-causal Deriche recursion; its edge-value border initialisation is
 * the feedback state a constant line of the edge value would have reached (what ITK's bn/bm terms amount to). The
 * feedback depends on σ only, so an output's filtered inputs share one recursion (linearity), and both outputs come
 * from one read of the inputs. Arithmetic is double; outputs are float32, as ITK's Laplacian stores each pass (its
 * InternalRealType is float). An output may overwrite an input. An axis shorter than 4 voxels is not filtered (ITK
 * refuses it): each output is Σ gain·input.
 *
 * `box` (inclusive voxel bounds; default: all) limits the outputs to those read later; they come out exactly as in a
 * full pass. Lines outside it are skipped; along a line the recursions still start at its ends, but the causal one
 * stops at the box and the anti-causal one writes from its end down to the box. Other voxels of the outputs are left
 * undefined.
 */
export function recursiveGaussianPass(
  size: [number, number, number], axis: number, sigmaVoxels: number, a: Samples, b: Samples | null,
  outputs: [GaussianOutput] | [GaussianOutput, GaussianOutput], box?: BoundingBox,
): void {
  const [sx, sy] = size;
  const ln = size[axis];
  const lower = box?.lower ?? [0, 0, 0];
  const upper = box?.upper ?? [size[0] - 1, size[1] - 1, size[2] - 1];
  // The two other axes: the faster one inner, so that consecutive lines are neighbouring voxels and strided reads
  // reuse cache lines.
  const [inner, outer] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
  const strides = [1, sx, sx * sy];
  const st = strides[axis], si = strides[inner], so = strides[outer];
  const from = lower[axis], to = upper[axis];
  if (ln < 4) {
    for (const out of outputs) {
      const ga = out.a?.gain ?? 0, gb = b && out.b ? out.b.gain : 0;
      forEachLine((o) => {
        for (let k = from, p = o + from * st; k <= to; k++, p += st) out.dst[p] = ga * a[p] + (gb !== 0 ? gb * b![p] : 0);
      });
    }
    return;
  }
  const d = coefficients(sigmaVoxels, 0, 1).d;
  const [o1, o2] = outputs;
  const t = Float64Array.from([...taps(sigmaVoxels, o1.a), ...taps(sigmaVoxels, o1.b), ...taps(sigmaVoxels, o2?.a), ...taps(sigmaVoxels, o2?.b), ...d]);
  const dst1 = o1.dst, dst2 = o2?.dst ?? null;
  const fwd1 = new Float64Array(ln), fwd2 = new Float64Array(ln);
  // Neighbouring lines go through the WebAssembly kernel two at a time when the arrays live in its memory (same
  // values, 1.6–1.9× the throughput); a line left over, or arrays elsewhere, take the scalar code.
  const pair = ln <= MAX_KERNEL_LINE ? kernelFor(t, a, b, dst1, dst2) : null;
  for (let i = lower[outer]; i <= upper[outer]; i++) {
    let j = lower[inner];
    if (pair) for (; j < upper[inner]; j += 2) pair(i * so + j * si, si, st, ln, from, to);
    for (; j <= upper[inner]; j++) {
      const o = i * so + j * si;
      causal(a, b, o, st, to + 1, t, fwd1, fwd2, dst2 !== null);
      antiCausal(a, b, o, st, ln, from, t, fwd1, fwd2, dst1, dst2);
    }
  }

  function forEachLine(f: (o: number) => void): void {
    for (let i = lower[outer]; i <= upper[outer]; i++) for (let j = lower[inner]; j <= upper[inner]; j++) f(i * so + j * si);
  }
}

/** Causal pass over the first `ln` voxels of the line at o (stride st): writes the responses to fwd1 (and fwd2 when `two`). */
function causal(A: Samples, B: Samples | null, o: number, st: number, ln: number, t: Float64Array, fwd1: Float64Array, fwd2: Float64Array, two: boolean): void {
  const p0 = t[0], p1 = t[1], p2 = t[2], p3 = t[3], q0 = t[10], q1 = t[11], q2 = t[12], q3 = t[13];
  const r0 = t[20], r1 = t[21], r2 = t[22], r3 = t[23], s0 = t[30], s1 = t[31], s2 = t[32], s3 = t[33];
  const d1 = t[40], d2 = t[41], d3 = t[42], d4 = t[43];
  let a1 = A[o], a2 = a1, a3 = a1, b1 = B === null ? 0 : B[o], b2 = b1, b3 = b1;
  let y1 = a1 * t[8] + b1 * t[18], y2 = y1, y3 = y1, y4 = y1;
  let w1 = a1 * t[28] + b1 * t[38], w2 = w1, w3 = w1, w4 = w1;
  for (let i = 0, p = o; i < ln; i++, p += st) {
    const a0 = A[p];
    // Without b its terms are zero taps times zero samples: exactly +0, which is what they add.
    let b0 = 0, yb = 0, wb = 0;
    if (B !== null) {
      b0 = B[p];
      yb = b0 * q0 + b1 * q1 + b2 * q2 + b3 * q3;
      if (two) wb = b0 * s0 + b1 * s1 + b2 * s2 + b3 * s3;
    }
    const y0 = a0 * p0 + a1 * p1 + a2 * p2 + a3 * p3 + yb - y4 * d4 - y3 * d3 - y2 * d2 - y1 * d1;
    fwd1[i] = y0;
    y4 = y3; y3 = y2; y2 = y1; y1 = y0;
    if (two) {
      const w0 = a0 * r0 + a1 * r1 + a2 * r2 + a3 * r3 + wb - w4 * d4 - w3 * d3 - w2 * d2 - w1 * d1;
      fwd2[i] = w0;
      w4 = w3; w3 = w2; w2 = w1; w1 = w0;
    }
    a3 = a2; a2 = a1; a1 = a0; b3 = b2; b2 = b1; b1 = b0;
  }
}

/**
 * Anti-causal pass over the line at o, from its end (ln − 1) down to `from`; writes causal + anti-causal to dst1 (and
 * dst2) there (past the causal pass's end the sum is meaningless, and unread). Each input voxel is read before that
 * position of the outputs is written, so an output may be an input.
 */
function antiCausal(
  A: Samples, B: Samples | null, o: number, st: number, ln: number, from: number, t: Float64Array,
  fwd1: Float64Array, fwd2: Float64Array, dst1: Float32Array, dst2: Float32Array | null,
): void {
  const p1 = t[4], p2 = t[5], p3 = t[6], p4 = t[7], q1 = t[14], q2 = t[15], q3 = t[16], q4 = t[17];
  const r1 = t[24], r2 = t[25], r3 = t[26], r4 = t[27], s1 = t[34], s2 = t[35], s3 = t[36], s4 = t[37];
  const d1 = t[40], d2 = t[41], d3 = t[42], d4 = t[43];
  const last = o + (ln - 1) * st;
  // Window x[k+1…k+4] starts on the edge value.
  let a1 = A[last], a2 = a1, a3 = a1, a4 = a1, b1 = B === null ? 0 : B[last], b2 = b1, b3 = b1, b4 = b1;
  let z1 = a1 * t[9] + b1 * t[19], z2 = z1, z3 = z1, z4 = z1;
  let v1 = a1 * t[29] + b1 * t[39], v2 = v1, v3 = v1, v4 = v1;
  for (let k = ln - 1, p = last; k >= from; k--, p -= st) {
    // Without b its terms are exactly +0, as in causal().
    let zb = 0, vb = 0;
    if (B !== null) {
      zb = b1 * q1 + b2 * q2 + b3 * q3 + b4 * q4;
      if (dst2 !== null) vb = b1 * s1 + b2 * s2 + b3 * s3 + b4 * s4;
    }
    const z0 = a1 * p1 + a2 * p2 + a3 * p3 + a4 * p4 + zb - z4 * d4 - z3 * d3 - z2 * d2 - z1 * d1;
    let v0 = 0;
    if (dst2 !== null) v0 = a1 * r1 + a2 * r2 + a3 * r3 + a4 * r4 + vb - v4 * d4 - v3 * d3 - v2 * d2 - v1 * d1;
    a4 = a3; a3 = a2; a2 = a1; a1 = A[p];
    if (B !== null) { b4 = b3; b3 = b2; b2 = b1; b1 = B[p]; }
    dst1[p] = fwd1[k] + z0;
    z4 = z3; z3 = z2; z2 = z1; z1 = z0;
    if (dst2 !== null) {
      dst2[p] = fwd2[k] + v0;
      v4 = v3; v3 = v2; v2 = v1; v1 = v0;
    }
  }
}
