/**
 * Standard normal distribution: CDF, upper tail and quantile, accurate to ~1e-15 so that
 * DeLong CIs and p-values match R (pnorm/qnorm) to 1e-12.
 */

/** Density of the standard normal. */
export function dnorm(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

// W. J. Cody (1969) rational Chebyshev approximations, as used by R's pnorm_both.
const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const SQRT_32 = 5.656854249492380195206754896838;
const M_1_SQRT_2PI = 0.398942280401432677939946059934;

/** Lower and upper tail probabilities of N(0,1) at x, each computed without cancellation. */
function pnormBoth(x: number): [number, number] {
  const y = Math.abs(x);
  let lower: number;
  let upper: number;
  if (y <= 0.67448975) {
    const xsq = y > 1.11e-16 ? x * x : 0;
    let xnum = A[4] * xsq;
    let xden = xsq;
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + A[i]) * xsq;
      xden = (xden + B[i]) * xsq;
    }
    const t = (x * (xnum + A[3])) / (xden + B[3]);
    return [0.5 + t, 0.5 - t];
  } else if (y <= SQRT_32) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y;
      xden = (xden + D[i]) * y;
    }
    const r = (xnum + C[7]) / (xden + D[7]);
    const xsq = Math.trunc(y * 16) / 16;
    const del = (y - xsq) * (y + xsq);
    const small = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * r;
    lower = small;
    upper = 1 - small;
  } else {
    const xsq = 1 / (x * x);
    let xnum = P[5] * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]) * xsq;
      xden = (xden + Q[i]) * xsq;
    }
    let r = (xsq * (xnum + P[4])) / (xden + Q[4]);
    r = (M_1_SQRT_2PI - r) / y;
    const xs = Math.trunc(x * 16) / 16;
    const del = (x - xs) * (x + xs);
    const small = Math.exp(-xs * xs * 0.5) * Math.exp(-del * 0.5) * r;
    lower = small;
    upper = 1 - small;
  }
  // `small` is the tail on the side of |x|; swap for positive x.
  return x > 0 ? [upper, lower] : [lower, upper];
}

/** P(Z ≤ x). */
export function pnorm(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return pnormBoth(x)[0];
}

/** P(Z > x), accurate in the far upper tail. */
export function pnormUpper(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return 1;
  return pnormBoth(x)[1];
}

/**
 * Quantile of N(0,1). Acklam's rational approximation (rel. error 1e-9) refined by Halley
 * steps on the accurate CDF, which brings it to machine precision.
 */
export function qnorm(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  let x: number;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  for (let it = 0; it < 3; it++) {
    // Work on the smaller tail to avoid cancellation near p = 1.
    const e = p < 0.5 ? pnorm(x) - p : (1 - p) - pnormUpper(x);
    const u = e / dnorm(x);
    x = x - u / (1 + (x * u) / 2);
  }
  return x;
}
