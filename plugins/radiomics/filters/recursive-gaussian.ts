/**
 * Recursive (IIR) Gaussian filtering as ITK's RecursiveGaussianImageFilter (Deriche's 4th-order
 * approximation, causal + anti-causal passes, borders extended with the edge value), which is what
 * SimpleITK's LaplacianRecursiveGaussian — and so PyRadiomics' LoG — uses. Coefficients and border
 * initialisation follow ITK so that PyRadiomics' LoG features are reproduced.
 */

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

/** One filtered input of recursiveGaussianSum: gain × (Gaussian, or its σ²-normalised second derivative) of src. */
export interface GaussianTerm {
  src: Samples;
  order: GaussianOrder;
  gain: number;
}

/** One or two terms: the kernel keeps both terms' windows in locals. */
export type GaussianTerms = [GaussianTerm] | [GaussianTerm, GaussianTerm];

/** A term's coefficients for the line kernel: causal n0…n3, anti-causal m1…m4, edgeFwd, edgeBwd. */
function taps(sigmaVoxels: number, t: GaussianTerm | undefined): Float64Array {
  if (!t) return new Float64Array(10); // a missing second term contributes nothing
  const c = coefficients(sigmaVoxels, t.order, t.order === 2 ? t.gain * sigmaVoxels * sigmaVoxels : t.gain);
  return Float64Array.of(...c.n, ...c.m, c.edgeFwd, c.edgeBwd);
}

/**
 * dst = Σ gain·filter(src) over one or two terms, along one axis of an x-fastest volume, σ in voxels. Each filter is
 * ITK's causal + anti-causal Deriche recursion; its edge-value border initialisation is the feedback state a
 * constant line of the edge value would have reached (what ITK's bn/bm terms amount to). The feedback depends on σ
 * only, so both terms share one recursion (linearity). Arithmetic is double; dst is float32, as ITK's Laplacian
 * stores each pass (its InternalRealType is float), which also halves the memory traffic between passes. dst may be
 * a source. An axis shorter than 4 voxels is not filtered (ITK refuses it): dst = Σ gain·src.
 */
export function recursiveGaussianSum(
  size: [number, number, number], axis: number, sigmaVoxels: number, terms: GaussianTerms,
  dst: Float32Array,
): Float32Array {
  const [sx, sy, sz] = size;
  const ln = size[axis];
  if (ln < 4) {
    for (let i = 0; i < dst.length; i++) {
      let v = 0;
      for (const t of terms) v += t.gain * t.src[i];
      dst[i] = v;
    }
    return dst;
  }
  const d = coefficients(sigmaVoxels, 0, 1).d;
  const ta = taps(sigmaVoxels, terms[0]);
  const tb = taps(sigmaVoxels, terms[1]);
  const srcA = terms[0].src, srcB = (terms[1] ?? terms[0]).src;
  // Line start o = a·stepA + b·stepB; consecutive b are neighbouring voxels, so strided reads reuse cache lines.
  const st = axis === 0 ? 1 : axis === 1 ? sx : sx * sy;
  const [countA, stepA, countB, stepB] = axis === 0 ? [1, 0, sy * sz, sx] : axis === 1 ? [sz, sx * sy, sx, 1] : [1, 0, sx * sy, 1];
  const fwd = new Float64Array(ln);
  for (let a = 0; a < countA; a++) {
    for (let b = 0; b < countB; b++) {
      const o = a * stepA + b * stepB;
      causal(srcA, srcB, o, st, ln, ta, tb, d, fwd);
      antiCausal(srcA, srcB, o, st, ln, ta, tb, d, fwd, dst);
    }
  }
  return dst;
}

/** Causal pass over the line at o (stride st): writes the response to fwd. */
function causal(
  srcA: Samples, srcB: Samples, o: number, st: number, ln: number,
  ta: Float64Array, tb: Float64Array, d: number[], fwd: Float64Array,
): void {
  const an0 = ta[0], an1 = ta[1], an2 = ta[2], an3 = ta[3], bn0 = tb[0], bn1 = tb[1], bn2 = tb[2], bn3 = tb[3];
  const d1 = d[0], d2 = d[1], d3 = d[2], d4 = d[3];
  let a1 = srcA[o], a2 = a1, a3 = a1, b1 = srcB[o], b2 = b1, b3 = b1;
  let y1 = a1 * ta[8] + b1 * tb[8], y2 = y1, y3 = y1, y4 = y1;
  for (let i = 0, p = o; i < ln; i++, p += st) {
    const a0 = srcA[p], b0 = srcB[p];
    const y0 = a0 * an0 + a1 * an1 + a2 * an2 + a3 * an3 + (b0 * bn0 + b1 * bn1 + b2 * bn2 + b3 * bn3) - y4 * d4 - y3 * d3 - y2 * d2 - y1 * d1;
    fwd[i] = y0;
    a3 = a2; a2 = a1; a1 = a0; b3 = b2; b2 = b1; b1 = b0;
    y4 = y3; y3 = y2; y2 = y1; y1 = y0;
  }
}

/**
 * Anti-causal pass; writes causal + anti-causal to the line at o of dst. Each input voxel is read before that
 * position of dst is written, so dst may be one of the sources.
 */
function antiCausal(
  srcA: Samples, srcB: Samples, o: number, st: number, ln: number,
  ta: Float64Array, tb: Float64Array, d: number[], fwd: Float64Array, dst: Float32Array,
): void {
  const am1 = ta[4], am2 = ta[5], am3 = ta[6], am4 = ta[7], bm1 = tb[4], bm2 = tb[5], bm3 = tb[6], bm4 = tb[7];
  const d1 = d[0], d2 = d[1], d3 = d[2], d4 = d[3];
  const last = o + (ln - 1) * st;
  // Window x[k+1…k+4] starts on the edge value.
  let a1 = srcA[last], a2 = a1, a3 = a1, a4 = a1, b1 = srcB[last], b2 = b1, b3 = b1, b4 = b1;
  let z1 = a1 * ta[9] + b1 * tb[9], z2 = z1, z3 = z1, z4 = z1;
  for (let k = ln - 1, p = last; k >= 0; k--, p -= st) {
    const z0 = a1 * am1 + a2 * am2 + a3 * am3 + a4 * am4 + (b1 * bm1 + b2 * bm2 + b3 * bm3 + b4 * bm4) - z4 * d4 - z3 * d3 - z2 * d2 - z1 * d1;
    a4 = a3; a3 = a2; a2 = a1; a1 = srcA[p]; b4 = b3; b3 = b2; b2 = b1; b1 = srcB[p];
    dst[p] = fwd[k] + z0;
    z4 = z3; z3 = z2; z2 = z1; z1 = z0;
  }
}
