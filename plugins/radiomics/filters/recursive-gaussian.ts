/**
 * Recursive (IIR) Gaussian filtering as ITK's RecursiveGaussianImageFilter (Deriche's 4th-order
 * approximation, causal + anti-causal passes, borders extended with the edge value), which is what
 * SimpleITK's LaplacianRecursiveGaussian — and so PyRadiomics' LoG — uses. Coefficients and border
 * initialisation follow ITK so that PyRadiomics' LoG features are reproduced.
 */

export type GaussianOrder = 0 | 2;

interface Coefficients {
  n: [number, number, number, number];
  m: [number, number, number, number];
  d: [number, number, number, number];
  bn: [number, number, number, number];
  bm: [number, number, number, number];
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

/** @param scale multiplies the response (σ² for a scale-normalised second derivative). */
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
  const SN = n[0] + n[1] + n[2] + n[3];
  const SM = m[0] + m[1] + m[2] + m[3];
  const d: [number, number, number, number] = [d1, d2, d3, d4];
  return { n, m, d, bn: d.map((v) => (v * SN) / sd) as typeof d, bm: d.map((v) => (v * SM) / sd) as typeof d };
}

/** Filters the line of `ln` voxels at offset `o` of x into out (same offset), with ITK's border initialisation; s2 is scratch (length ≥ ln). */
function filterLine(x: Float64Array, out: Float64Array, s2: Float64Array, o: number, ln: number, c: Coefficients): void {
  const [n0, n1, n2, n3] = c.n;
  const [m1, m2, m3, m4] = c.m;
  const [d1, d2, d3, d4] = c.d;
  const [bn1, bn2, bn3, bn4] = c.bn;
  const [bm1, bm2, bm3, bm4] = c.bm;
  const v1 = x[o + 0];
  out[o + 0] = v1 * n0 + v1 * n1 + v1 * n2 + v1 * n3 - (v1 * bn1 + v1 * bn2 + v1 * bn3 + v1 * bn4);
  out[o + 1] = x[o + 1] * n0 + v1 * n1 + v1 * n2 + v1 * n3 - (out[o + 0] * d1 + v1 * bn2 + v1 * bn3 + v1 * bn4);
  out[o + 2] = x[o + 2] * n0 + x[o + 1] * n1 + v1 * n2 + v1 * n3 - (out[o + 1] * d1 + out[o + 0] * d2 + v1 * bn3 + v1 * bn4);
  out[o + 3] = x[o + 3] * n0 + x[o + 2] * n1 + x[o + 1] * n2 + v1 * n3 - (out[o + 2] * d1 + out[o + 1] * d2 + out[o + 0] * d3 + v1 * bn4);
  for (let i = 4; i < ln; i++) {
    out[o + i] = x[o + i] * n0 + x[o + i - 1] * n1 + x[o + i - 2] * n2 + x[o + i - 3] * n3 - (out[o + i - 1] * d1 + out[o + i - 2] * d2 + out[o + i - 3] * d3 + out[o + i - 4] * d4);
  }
  const v2 = x[o + ln - 1];
  s2[ln - 1] = v2 * m1 + v2 * m2 + v2 * m3 + v2 * m4 - (v2 * bm1 + v2 * bm2 + v2 * bm3 + v2 * bm4);
  s2[ln - 2] = x[o + ln - 1] * m1 + v2 * m2 + v2 * m3 + v2 * m4 - (s2[ln - 1] * d1 + v2 * bm2 + v2 * bm3 + v2 * bm4);
  s2[ln - 3] = x[o + ln - 2] * m1 + x[o + ln - 1] * m2 + v2 * m3 + v2 * m4 - (s2[ln - 2] * d1 + s2[ln - 1] * d2 + v2 * bm3 + v2 * bm4);
  s2[ln - 4] = x[o + ln - 3] * m1 + x[o + ln - 2] * m2 + x[o + ln - 1] * m3 + v2 * m4 - (s2[ln - 3] * d1 + s2[ln - 2] * d2 + s2[ln - 1] * d3 + v2 * bm4);
  for (let i = ln - 4; i > 0; i--) {
    s2[i - 1] = x[o + i] * m1 + x[o + i + 1] * m2 + x[o + i + 2] * m3 + x[o + i + 3] * m4 - (s2[i] * d1 + s2[i + 1] * d2 + s2[i + 2] * d3 + s2[i + 3] * d4);
  }
  for (let i = 0; i < ln; i++) out[o + i] += s2[i];
}

/**
 * filterLine's arithmetic on L lines at once: element i of lane l is at base + i·L + l (L = the axis stride), so the
 * inner loop runs over contiguous memory instead of gathering strided voxels. Same expressions, same order, so the
 * results are bit-identical to filterLine. `s2` is scratch of length ≥ ln·L.
 */
function filterLanes(x: Float64Array, out: Float64Array, s2: Float64Array, base: number, L: number, ln: number, c: Coefficients): void {
  const [n0, n1, n2, n3] = c.n;
  const [m1, m2, m3, m4] = c.m;
  const [d1, d2, d3, d4] = c.d;
  const [bn1, bn2, bn3, bn4] = c.bn;
  const [bm1, bm2, bm3, bm4] = c.bm;
  const p = (i: number) => base + i * L; // start of line position i in x and out
  const [p0, p1, p2, p3] = [p(0), p(1), p(2), p(3)];
  for (let l = 0; l < L; l++) {
    const v1 = x[p0 + l];
    const a0 = v1 * n0 + v1 * n1 + v1 * n2 + v1 * n3 - (v1 * bn1 + v1 * bn2 + v1 * bn3 + v1 * bn4);
    const a1 = x[p1 + l] * n0 + v1 * n1 + v1 * n2 + v1 * n3 - (a0 * d1 + v1 * bn2 + v1 * bn3 + v1 * bn4);
    const a2 = x[p2 + l] * n0 + x[p1 + l] * n1 + v1 * n2 + v1 * n3 - (a1 * d1 + a0 * d2 + v1 * bn3 + v1 * bn4);
    const a3 = x[p3 + l] * n0 + x[p2 + l] * n1 + x[p1 + l] * n2 + v1 * n3 - (a2 * d1 + a1 * d2 + a0 * d3 + v1 * bn4);
    out[p0 + l] = a0; out[p1 + l] = a1; out[p2 + l] = a2; out[p3 + l] = a3;
  }
  for (let i = 4; i < ln; i++) {
    const o = p(i);
    for (let l = o, e = o + L; l < e; l++) {
      out[l] = x[l] * n0 + x[l - L] * n1 + x[l - 2 * L] * n2 + x[l - 3 * L] * n3
        - (out[l - L] * d1 + out[l - 2 * L] * d2 + out[l - 3 * L] * d3 + out[l - 4 * L] * d4);
    }
  }
  // Anti-causal pass into s2 (indexed i·L + l, without `base`).
  const [q1, q2, q3, q4] = [p(ln - 1), p(ln - 2), p(ln - 3), p(ln - 4)].map((v) => v - base);
  for (let l = 0; l < L; l++) {
    const x1 = x[base + q1 + l], x2 = x[base + q2 + l], x3 = x[base + q3 + l];
    const v2 = x1;
    const b1 = v2 * m1 + v2 * m2 + v2 * m3 + v2 * m4 - (v2 * bm1 + v2 * bm2 + v2 * bm3 + v2 * bm4);
    const b2 = x1 * m1 + v2 * m2 + v2 * m3 + v2 * m4 - (b1 * d1 + v2 * bm2 + v2 * bm3 + v2 * bm4);
    const b3 = x2 * m1 + x1 * m2 + v2 * m3 + v2 * m4 - (b2 * d1 + b1 * d2 + v2 * bm3 + v2 * bm4);
    const b4 = x3 * m1 + x2 * m2 + x1 * m3 + v2 * m4 - (b3 * d1 + b2 * d2 + b1 * d3 + v2 * bm4);
    s2[q1 + l] = b1; s2[q2 + l] = b2; s2[q3 + l] = b3; s2[q4 + l] = b4;
  }
  for (let i = ln - 4; i > 0; i--) {
    const t = (i - 1) * L; // s2 position i − 1; x position i is at base + t + L
    for (let l = 0; l < L; l++) {
      const k = t + l, xi = base + k + L;
      s2[k] = x[xi] * m1 + x[xi + L] * m2 + x[xi + 2 * L] * m3 + x[xi + 3 * L] * m4
        - (s2[k + L] * d1 + s2[k + 2 * L] * d2 + s2[k + 3 * L] * d3 + s2[k + 4 * L] * d4);
    }
  }
  for (let k = 0, n = ln * L; k < n; k++) out[base + k] += s2[k];
}

/**
 * Recursive Gaussian (order 0) or its second derivative (order 2) along one axis of an x-fastest
 * volume. `scale` multiplies the response. Axes shorter than 4 voxels are left unchanged (ITK refuses them).
 */
export function recursiveGaussianAxis(
  src: Float64Array, size: [number, number, number], axis: number, sigmaVoxels: number, order: GaussianOrder, scale = 1,
  /** Where to write (not `src`); a new array by default. Lets LoG reuse its buffers. */
  out: Float64Array = new Float64Array(src.length),
): Float64Array {
  const [sx, sy] = size;
  const ln = size[axis];
  if (ln < 4) {
    out.set(src);
    return out;
  }
  const c = coefficients(sigmaVoxels, order, scale);
  if (axis === 0) {
    // x lines are contiguous: filter them where they lie, no copies.
    const scratch = new Float64Array(ln);
    for (let start = 0; start < src.length; start += ln) filterLine(src, out, scratch, start, ln, c);
    return out;
  }
  // y and z: all lines of a block side by side (lane = the voxel's position across the axis).
  const L = axis === 1 ? sx : sx * sy;
  const block = L * ln;
  const scratch = new Float64Array(block);
  for (let base = 0; base < src.length; base += block) filterLanes(src, out, scratch, base, L, ln, c);
  return out;
}
