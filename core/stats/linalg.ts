/**
 * Small dense linear algebra for normal equations (p ≲ 100): row-major Float64Array matrices.
 * ml-matrix would do, but a Cholesky that names the first dependent column gives better errors.
 */

/** Result of a Cholesky factorisation of a symmetric matrix A (p × p, row-major). */
export type CholeskyResult =
  | { type: 'ok'; L: Float64Array; p: number }
  | { type: 'singular'; column: number };

/**
 * Cholesky A = L·Lᵀ. Column k is reported dependent when its pivot falls below `relTol` times its
 * diagonal, i.e. it is (numerically) a linear combination of the columns before it.
 */
export function cholesky(A: ArrayLike<number>, p: number, relTol = 1e-10): CholeskyResult {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let s = A[j * p + j];
    for (let k = 0; k < j; k++) s -= L[j * p + k] * L[j * p + k];
    if (!(s > relTol * Math.abs(A[j * p + j])) || !(s > 0)) return { type: 'singular', column: j };
    const d = Math.sqrt(s);
    L[j * p + j] = d;
    for (let i = j + 1; i < p; i++) {
      let t = A[i * p + j];
      for (let k = 0; k < j; k++) t -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = t / d;
    }
  }
  return { type: 'ok', L, p };
}

/** Solves L·Lᵀ x = b in place for one right-hand side of length p. */
export function choleskySolveInPlace(L: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * b[k];
    b[i] = s / L[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * b[k];
    b[i] = s / L[i * p + i];
  }
}

/** Inverse of a symmetric positive-definite matrix from its Cholesky factor. */
export function choleskyInverse(L: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    choleskySolveInPlace(L, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = e[i];
  }
  return inv;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (p ≲ 500): returns
 * eigenvalues in decreasing order and eigenvectors as columns of a row-major p × p matrix.
 */
export function symmetricEigen(A: ArrayLike<number>, p: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < p; i++) {
      diag += a[i * p + i] * a[i * p + i];
      for (let j = i + 1; j < p; j++) off += a[i * p + j] * a[i * p + j];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = a[i * p + j];
        if (aij === 0) continue;
        const theta = (a[j * p + j] - a[i * p + i]) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const aki = a[k * p + i];
          const akj = a[k * p + j];
          a[k * p + i] = c * aki - s * akj;
          a[k * p + j] = s * aki + c * akj;
        }
        for (let k = 0; k < p; k++) {
          const aik = a[i * p + k];
          const ajk = a[j * p + k];
          a[i * p + k] = c * aik - s * ajk;
          a[j * p + k] = s * aik + c * ajk;
        }
        for (let k = 0; k < p; k++) {
          const vki = v[k * p + i];
          const vkj = v[k * p + j];
          v[k * p + i] = c * vki - s * vkj;
          v[k * p + j] = s * vki + c * vkj;
        }
      }
    }
  }
  const order = Array.from({ length: p }, (_, i) => i).sort((x, y) => a[y * p + y] - a[x * p + x]);
  const values = Float64Array.from(order, (i) => a[i * p + i]);
  const vectors = new Float64Array(p * p);
  order.forEach((src, dst) => {
    for (let k = 0; k < p; k++) vectors[k * p + dst] = v[k * p + src];
  });
  return { values, vectors };
}
