/**
 * Sufficient statistics of ComBat. Everything the fit needs is a sum over cases, so a site computes
 * its sums and the coordinator adds them: the result equals the centralized fit up to rounding,
 * even when one batch spans several sites (the sums are uncentered across sites; within a site the
 * second moments are centered and merged with Chan's formula to keep precision).
 */

/** Rows of one part (a site, or all data): batch index, covariate design columns, feature columns. */
export interface DesignData {
  batch: Int32Array;
  nBatch: number;
  z: Float64Array[];
  y: Float64Array[];
}

/** Round-one statistics: design cross-products plus per-batch counts and centered second moments. */
export interface Moments {
  nBatch: number;
  /** Number of covariate columns. */
  pz: number;
  nFeatures: number;
  /** XᵀX of the one-hot design, (nBatch + pz)², row-major. */
  xtx: Float64Array;
  /** XᵀY, (nBatch + pz) × nFeatures, row-major. Rows < nBatch are per-batch feature sums. */
  xty: Float64Array;
  /** Cases per batch. */
  count: Float64Array;
  /** Σ (y − ȳ_batch)² per batch × feature (to find features constant within a batch). */
  m2: Float64Array;
}

export function computeMoments(d: DesignData): Moments {
  const { batch, nBatch: B, z, y } = d;
  const n = batch.length;
  const pz = z.length;
  const q = B + pz;
  const F = y.length;
  const xtx = new Float64Array(q * q);
  const count = new Float64Array(B);
  for (let i = 0; i < n; i++) count[batch[i]] += 1;
  for (let b = 0; b < B; b++) xtx[b * q + b] = count[b];
  for (let c = 0; c < pz; c++) {
    const zc = z[c];
    for (let i = 0; i < n; i++) xtx[batch[i] * q + B + c] += zc[i];
    for (let e = c; e < pz; e++) {
      const ze = z[e];
      let s = 0;
      for (let i = 0; i < n; i++) s += zc[i] * ze[i];
      xtx[(B + c) * q + B + e] = s;
      xtx[(B + e) * q + B + c] = s;
    }
  }
  for (let b = 0; b < B; b++) for (let c = 0; c < pz; c++) xtx[(B + c) * q + b] = xtx[b * q + B + c];

  const xty = new Float64Array(q * F);
  const m2 = new Float64Array(B * F);
  const sums = new Float64Array(B);
  for (let f = 0; f < F; f++) {
    const yf = y[f];
    sums.fill(0);
    for (let i = 0; i < n; i++) sums[batch[i]] += yf[i];
    for (let b = 0; b < B; b++) xty[b * F + f] = sums[b];
    for (let c = 0; c < pz; c++) {
      const zc = z[c];
      let s = 0;
      for (let i = 0; i < n; i++) s += zc[i] * yf[i];
      xty[(B + c) * F + f] = s;
    }
    for (let i = 0; i < n; i++) {
      const b = batch[i];
      const dev = yf[i] - sums[b] / count[b];
      m2[b * F + f] += dev * dev;
    }
  }
  return { nBatch: B, pz, nFeatures: F, xtx, xty, count, m2 };
}

/** Adds the moments of several parts; second moments merge by Chan et al.'s parallel formula. */
export function mergeMoments(parts: Moments[]): Moments {
  const first = parts[0];
  const { nBatch: B, pz, nFeatures: F } = first;
  const q = B + pz;
  const out: Moments = {
    nBatch: B,
    pz,
    nFeatures: F,
    xtx: new Float64Array(q * q),
    xty: new Float64Array(q * F),
    count: new Float64Array(B),
    m2: new Float64Array(B * F),
  };
  for (const p of parts) {
    for (let k = 0; k < q * q; k++) out.xtx[k] += p.xtx[k];
    for (let k = 0; k < q * F; k++) out.xty[k] += p.xty[k];
    for (let b = 0; b < B; b++) out.count[b] += p.count[b];
  }
  for (let b = 0; b < B; b++) {
    const n = out.count[b];
    if (n === 0) continue;
    for (let f = 0; f < F; f++) {
      const mean = out.xty[b * F + f] / n;
      let m2 = 0;
      for (const p of parts) {
        const np = p.count[b];
        if (np === 0) continue;
        const dev = p.xty[b * F + f] / np - mean;
        m2 += p.m2[b * F + f] + np * dev * dev;
      }
      out.m2[b * F + f] = m2;
    }
  }
  return out;
}

/** Round-two statistics: per batch × feature, Σ r and Σ r² of the residuals r = y − Xβ. */
export interface ResidualSums {
  sum: Float64Array;
  sumSq: Float64Array;
}

/** Residual sums of one part given the pooled coefficients `beta` ((nBatch + pz) × F, row-major). */
export function computeResidualSums(d: DesignData, beta: Float64Array): ResidualSums {
  const { batch, nBatch: B, z, y } = d;
  const n = batch.length;
  const pz = z.length;
  const F = y.length;
  const sum = new Float64Array(B * F);
  const sumSq = new Float64Array(B * F);
  for (let f = 0; f < F; f++) {
    const yf = y[f];
    for (let i = 0; i < n; i++) {
      const b = batch[i];
      let fit = beta[b * F + f];
      for (let c = 0; c < pz; c++) fit += z[c][i] * beta[(B + c) * F + f];
      const r = yf[i] - fit;
      sum[b * F + f] += r;
      sumSq[b * F + f] += r * r;
    }
  }
  return { sum, sumSq };
}

export function mergeResidualSums(parts: ResidualSums[]): ResidualSums {
  const len = parts[0].sum.length;
  const sum = new Float64Array(len);
  const sumSq = new Float64Array(len);
  for (const p of parts) {
    for (let k = 0; k < len; k++) {
      sum[k] += p.sum[k];
      sumSq[k] += p.sumSq[k];
    }
  }
  return { sum, sumSq };
}
