/**
 * PCA from a (federated) covariance or correlation matrix: loadings and explained variance; sites
 * project their own cases with the loadings.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface PcaModel {
  /** Features' means (to center) and scales (1, or sd when `scale`). */
  mean: number[];
  scale: number[];
  /** Loadings, components × features. */
  loadings: number[][];
  /** Variance of each component and its share of the total. */
  variance: number[];
  explained: number[];
}

export function pcaFromCovariance(cov: Float64Array, mean: ArrayLike<number>, F: number, components: number, scale = true): PcaModel {
  const sd = Array.from({ length: F }, (_, f) => (scale ? Math.sqrt(cov[f * F + f]) : 1));
  const m = new Matrix(F, F);
  for (let a = 0; a < F; a++) for (let b = 0; b < F; b++) m.set(a, b, cov[a * F + b] / (sd[a] * sd[b]));
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  const total = values.reduce((a, v) => a + v, 0);
  const k = Math.min(components, F);
  const loadings = order.slice(0, k).map((j) => {
    const v = evd.eigenvectorMatrix.getColumn(j);
    // Sign convention: the largest |loading| is positive, so sites and the centre agree.
    const big = v.reduce((best, x, i) => (Math.abs(x) > Math.abs(v[best]) ? i : best), 0);
    return v[big] < 0 ? v.map((x) => -x) : v;
  });
  const variance = order.slice(0, k).map((j) => values[j]);
  return { mean: Array.from(mean), scale: sd, loadings, variance, explained: variance.map((v) => v / total) };
}

/** Scores of cases (feature columns) on the model's components. */
export function projectPca(model: PcaModel, y: Float64Array[]): Float64Array[] {
  const n = y[0]?.length ?? 0;
  return model.loadings.map((load) => {
    const s = new Float64Array(n);
    load.forEach((w, f) => {
      const c = y[f];
      const m = model.mean[f];
      const sc = model.scale[f];
      for (let i = 0; i < n; i++) s[i] += (w * (c[i] - m)) / sc;
    });
    return s;
  });
}
