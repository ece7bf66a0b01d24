import { describe, expect, it } from 'vitest';
import { betaI, betaIInverse, fCdf, fQuantile, fSf, tCdf, tQuantile, tTwoSided } from '../../../core/stats/beta-dist.js';
import { kruskalWallis } from '../../../core/stats/kruskal-wallis.js';
import { cholesky, choleskyInverse, symmetricEigen } from '../../../core/stats/linalg.js';

describe('F, t and beta distributions', () => {
  it('gives the closed-form F(2, d2) upper tail for non-integer d2', () => {
    for (const d2 of [1, 2.5, 7.3, 40.25]) {
      for (const f of [0.1, 1, 3.7, 25]) expect(fSf(f, 2, d2)).toBeCloseTo((d2 / (d2 + 2 * f)) ** (d2 / 2), 13);
    }
  });

  it('inverts the F distribution with non-integer degrees of freedom', () => {
    for (const [d1, d2] of [[5, 4.785], [23.9975, 7], [1.5, 2.5], [100, 3]]) {
      for (const p of [0.025, 0.5, 0.975, 0.999]) expect(fCdf(fQuantile(p, d1, d2), d1, d2)).toBeCloseTo(p, 13);
    }
  });

  it('matches published quantiles of F and t', () => {
    expect(fQuantile(0.95, 5, 10)).toBeCloseTo(3.325834530413011, 12);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 12);
    expect(tQuantile(0.025, 10)).toBeCloseTo(-2.228138851986274, 12);
  });

  it('gives the Cauchy distribution for t with one degree of freedom and the closed form for two', () => {
    for (const t of [-30, -1.2, 0, 0.4, 5]) {
      expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14);
      expect(tCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 14);
    }
    expect(tTwoSided(2.228138851986274, 10)).toBeCloseTo(0.05, 13);
  });

  it('inverts the regularized incomplete beta across shapes', () => {
    for (const [a, b] of [[0.5, 0.5], [2, 30], [30, 2], [0.3, 4]]) {
      for (const p of [1e-6, 0.1, 0.5, 0.9]) expect(betaI(betaIInverse(p, a, b), a, b)).toBeCloseTo(p, 13);
    }
  });
});

describe('Kruskal–Wallis', () => {
  it("reproduces R's kruskal.test help example (Hollander & Wolfe)", () => {
    const x = [2.9, 3.0, 2.5, 2.6, 3.2];
    const y = [3.8, 2.7, 4.0, 2.4];
    const z = [2.8, 3.4, 3.7, 2.2, 2.0];
    const r = kruskalWallis([...x, ...y, ...z], [...x.map(() => 'x'), ...y.map(() => 'y'), ...z.map(() => 'z')]);
    expect(r.statistic).toBeCloseTo(0.77143, 5);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(0.68, 2);
    // χ² with 2 df has survival exp(−x/2).
    expect(r.pValue).toBeCloseTo(Math.exp(-r.statistic / 2), 13);
  });

  it('uses mid-ranks and the tie correction', () => {
    // Ranks 1.5 1.5 3.5 | 3.5 5.5 5.5: H = 12/42·(6.5² + 14.5²)/3 − 21 = 3.047619…; ties: 1 − 18/210 → H = 10/3.
    const r = kruskalWallis([1, 1, 2, 2, 3, 3], ['a', 'a', 'a', 'b', 'b', 'b']);
    expect(r.statistic).toBeCloseTo(10 / 3, 12);
  });
});

describe('small linear algebra', () => {
  it('names the first dependent column of a singular matrix', () => {
    // Columns: a, b, a + b.
    const X = [
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 2],
      [2, 1, 3],
    ];
    const xtx = new Float64Array(9);
    for (const r of X) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) xtx[i * 3 + j] += r[i] * r[j];
    const c = cholesky(xtx, 3);
    expect(c).toEqual({ type: 'singular', column: 2 });
  });

  it('inverts a positive-definite matrix and finds its eigenvalues', () => {
    const A = Float64Array.from([4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2]);
    const c = cholesky(A, 3);
    if (c.type !== 'ok') throw new Error('singular');
    const inv = choleskyInverse(c.L, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += A[i * 3 + k] * inv[k * 3 + j];
      expect(s).toBeCloseTo(i === j ? 1 : 0, 13);
    }
    const { values, vectors } = symmetricEigen(A, 3);
    expect(values[0]).toBeGreaterThan(values[1]);
    for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) {
      let av = 0;
      for (let k = 0; k < 3; k++) av += A[i * 3 + k] * vectors[k * 3 + j];
      expect(av).toBeCloseTo(values[j] * vectors[i * 3 + j], 12);
    }
  });
});
