/**
 * Per-feature sums that selection statistics need, additive across sites: counts, means, centered
 * second moments per outcome class, and (optionally) the centered cross-product matrix for
 * correlations and PCA. Sites center at their own means; the coordinator merges with Chan's
 * formulas, so a feature with a large mean keeps its precision.
 */

export interface GroupMoments {
  n: number;
  mean: Float64Array;
  /** Σ (x − mean)² per feature. */
  m2: Float64Array;
}

export interface FeatureMoments {
  all: GroupMoments;
  /** By outcome class (label → moments), when an outcome is given. */
  classes: Map<string, GroupMoments>;
  /** Σ (x − mean)(x − mean)ᵀ, F × F row-major, when requested. */
  comoment: Float64Array | null;
}

function groupMoments(y: Float64Array[], rows: number[]): GroupMoments {
  const F = y.length;
  const mean = new Float64Array(F);
  const m2 = new Float64Array(F);
  const n = rows.length;
  for (let f = 0; f < F; f++) {
    const c = y[f];
    let s = 0;
    for (const i of rows) s += c[i];
    const m = n ? s / n : 0;
    let q = 0;
    for (const i of rows) q += (c[i] - m) ** 2;
    mean[f] = m;
    m2[f] = q;
  }
  return { n, mean, m2 };
}

/** Moments of one site's complete cases (`outcome` labels optional; '' = unlabelled, left out of classes). */
export function computeFeatureMoments(y: Float64Array[], outcome: string[] | null, withComoment: boolean): FeatureMoments {
  const n = y[0]?.length ?? 0;
  const allRows = Array.from({ length: n }, (_, i) => i);
  const all = groupMoments(y, allRows);
  const classes = new Map<string, GroupMoments>();
  if (outcome) {
    const byClass = new Map<string, number[]>();
    outcome.forEach((l, i) => l !== '' && byClass.set(l, [...(byClass.get(l) ?? []), i]));
    for (const [label, rows] of byClass) classes.set(label, groupMoments(y, rows));
  }
  let comoment: Float64Array | null = null;
  if (withComoment) {
    const F = y.length;
    comoment = new Float64Array(F * F);
    const centered = y.map((c, f) => Float64Array.from(c, (v) => v - all.mean[f]));
    for (let a = 0; a < F; a++) {
      const ca = centered[a];
      for (let b = a; b < F; b++) {
        const cb = centered[b];
        let s = 0;
        for (let i = 0; i < n; i++) s += ca[i] * cb[i];
        comoment[a * F + b] = s;
        comoment[b * F + a] = s;
      }
    }
  }
  return { all, classes, comoment };
}

function mergeGroups(parts: GroupMoments[], F: number): GroupMoments {
  const n = parts.reduce((a, p) => a + p.n, 0);
  const mean = new Float64Array(F);
  const m2 = new Float64Array(F);
  for (const p of parts) for (let f = 0; f < F; f++) mean[f] += (p.n / n) * p.mean[f];
  for (const p of parts) for (let f = 0; f < F; f++) m2[f] += p.m2[f] + p.n * (p.mean[f] - mean[f]) ** 2;
  return { n, mean, m2 };
}

/** Chan et al.'s merge of per-site moments (and co-moments). */
export function mergeFeatureMoments(parts: FeatureMoments[]): FeatureMoments {
  const F = parts[0].all.mean.length;
  const all = mergeGroups(parts.map((p) => p.all), F);
  const labels = [...new Set(parts.flatMap((p) => [...p.classes.keys()]))];
  const classes = new Map(labels.map((l) => [l, mergeGroups(parts.flatMap((p) => (p.classes.has(l) ? [p.classes.get(l)!] : [])), F)]));
  let comoment: Float64Array | null = null;
  if (parts.every((p) => p.comoment)) {
    comoment = new Float64Array(F * F);
    for (const p of parts) {
      const d = Float64Array.from(p.all.mean, (m, f) => m - all.mean[f]);
      const c = p.comoment as Float64Array;
      for (let a = 0; a < F; a++) for (let b = 0; b < F; b++) comoment[a * F + b] += c[a * F + b] + p.all.n * d[a] * d[b];
    }
  }
  return { all, classes, comoment };
}

/** Sample covariance (n − 1) from the merged co-moment. */
export function covarianceOf(m: FeatureMoments): Float64Array {
  if (!m.comoment) throw new Error('co-moments were not collected');
  return m.comoment.map((v) => v / (m.all.n - 1));
}
