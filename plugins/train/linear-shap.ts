/**
 * Exact SHAP values of a linear (or logistic, on the log-odds scale) model with the
 * interventional value function and a background mean: φ_j = β_j·(x_j − μ_j), bias = β₀ + Σβ_j·μ_j.
 * For a linear model this is the Shapley value itself, not an approximation.
 */

export interface LinearModel {
  intercept: number;
  coefficients: ArrayLike<number>;
}

/** φ (one per feature) and the bias, for one row; φ sums with the bias to the linear predictor. */
export function linearShap(model: LinearModel, means: ArrayLike<number>, x: ArrayLike<number>): { phi: Float64Array; bias: number } {
  const p = model.coefficients.length;
  const phi = new Float64Array(p);
  let bias = model.intercept;
  for (let j = 0; j < p; j++) {
    const b = model.coefficients[j];
    phi[j] = b * (x[j] - means[j]);
    bias += b * means[j];
  }
  return { phi, bias };
}

/** Mean |φ_j| over rows and the per-feature φ summary a report's SHAP plot needs (aggregates only). */
export function shapSummary(phis: Float64Array[], names: string[]): { feature: string; meanAbs: number; mean: number; q05: number; q95: number }[] {
  return names.map((feature, j) => {
    const v = Float64Array.from(phis, (f) => f[j]).sort();
    const n = v.length;
    let sa = 0, s = 0;
    for (const t of v) {
      sa += Math.abs(t);
      s += t;
    }
    const at = (q: number) => v[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))];
    return { feature, meanAbs: sa / n, mean: s / n, q05: at(0.05), q95: at(0.95) };
  });
}
