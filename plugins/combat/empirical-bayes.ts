/**
 * The empirical-Bayes step of ComBat on standardized per-batch summaries, exactly as neuroCombat
 * 0.2.12 computes it (including its conventions, noted where they surprise).
 *
 * Inputs per batch b and feature f: n_b, the mean s̄ and centered sum of squares SS of the
 * standardized data s, and gamma_hat / delta_hat.
 */

export interface BatchSummaries {
  n: number[];
  /** [batch][feature] mean of the standardized data. */
  mean: Float64Array[];
  /** [batch][feature] Σ (s − s̄)². */
  ss: Float64Array[];
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample variance (ddof = 1), two-pass. */
export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - 1);
}

/** neuroCombat's inverse-gamma hyper-priors from the method of moments over features. */
export function aPrior(deltaHat: ArrayLike<number>): number {
  const m = mean(deltaHat);
  const s2 = variance(deltaHat);
  return (2 * s2 + m * m) / s2;
}

export function bPrior(deltaHat: ArrayLike<number>): number {
  const m = mean(deltaHat);
  const s2 = variance(deltaHat);
  return (m * s2 + m * m * m) / s2;
}

/**
 * Parametric solver `it_sol`: alternate posterior mean and variance until the largest relative
 * change is ≤ conv. neuroCombat divides |new − old| by old without abs(), and Python's
 * max(a, b) keeps a NaN in its first argument; we match both, since they decide the stopping point.
 */
export function parametricSolve(
  n: number,
  sMean: Float64Array,
  ss: Float64Array,
  gHat: ArrayLike<number>,
  dHat: ArrayLike<number>,
  gBar: number,
  t2: number,
  a: number,
  b: number,
  conv: number,
): { gamma: Float64Array; delta: Float64Array; iterations: number } {
  const F = gHat.length;
  let gOld = Float64Array.from(gHat);
  let dOld = Float64Array.from(dHat);
  let gNew = gOld;
  let dNew = dOld;
  let change = 1;
  let count = 0;
  while (change > conv) {
    gNew = new Float64Array(F);
    dNew = new Float64Array(F);
    let gChange = -Infinity;
    let dChange = -Infinity;
    let gNaN = false;
    let dNaN = false;
    for (let f = 0; f < F; f++) {
      const g = (t2 * n * gHat[f] + dOld[f] * gBar) / (t2 * n + dOld[f]);
      const sum2 = ss[f] + n * (sMean[f] - g) ** 2;
      const d = (0.5 * sum2 + b) / (n / 2 + a - 1);
      gNew[f] = g;
      dNew[f] = d;
      const gc = Math.abs(g - gOld[f]) / gOld[f];
      const dc = Math.abs(d - dOld[f]) / dOld[f];
      if (Number.isNaN(gc)) gNaN = true;
      else if (gc > gChange) gChange = gc;
      if (Number.isNaN(dc)) dNaN = true;
      else if (dc > dChange) dChange = dc;
    }
    // numpy's .max() is NaN when any element is; Python's max(g, d) returns g unless d > g.
    const gm = gNaN ? NaN : gChange;
    const dm = dNaN ? NaN : dChange;
    change = dm > gm ? dm : gm;
    gOld = gNew;
    dOld = dNew;
    count++;
  }
  return { gamma: gNew, delta: dNew, iterations: count };
}

/**
 * Non-parametric `int_eprior`: for each feature, the posterior means of gamma and delta under the
 * empirical distribution of the other features' estimates, weighted by the normal likelihood of
 * this feature's data. Σ(x − g)² is taken as SS + n(x̄ − g)² and the weights are normalised in log
 * space: identical where neuroCombat's product does not underflow (n ≲ 700), finite where it does.
 */
export function nonParametricSolve(
  n: number,
  sMean: Float64Array,
  ss: Float64Array,
  gHat: ArrayLike<number>,
  dHat: ArrayLike<number>,
): { gamma: Float64Array; delta: Float64Array } {
  const F = gHat.length;
  const gamma = new Float64Array(F);
  const delta = new Float64Array(F);
  const logW = new Float64Array(F);
  const logNorm = Float64Array.from(dHat, (d) => (-n / 2) * Math.log(2 * Math.PI * d));
  for (let i = 0; i < F; i++) {
    let max = -Infinity;
    for (let j = 0; j < F; j++) {
      if (j === i) continue;
      const sum2 = ss[i] + n * (sMean[i] - gHat[j]) ** 2;
      const lw = logNorm[j] - sum2 / (2 * dHat[j]);
      logW[j] = lw;
      if (lw > max) max = lw;
    }
    let sw = 0;
    let sg = 0;
    let sd = 0;
    for (let j = 0; j < F; j++) {
      if (j === i) continue;
      const w = Math.exp(logW[j] - max);
      sw += w;
      sg += w * gHat[j];
      sd += w * dHat[j];
    }
    gamma[i] = sg / sw;
    delta[i] = sd / sw;
  }
  return { gamma, delta };
}
