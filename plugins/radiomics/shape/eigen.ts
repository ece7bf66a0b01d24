/**
 * Eigenvalues of a symmetric 3×3 matrix by cyclic Jacobi rotations (accurate to machine precision,
 * unlike the closed trigonometric form for nearly repeated eigenvalues).
 */

/** @param m upper triangle [a00, a01, a02, a11, a12, a22]; returns eigenvalues ascending. */
export function symmetricEigenvalues3(m: number[]): [number, number, number] {
  const a = [
    [m[0], m[1], m[2]],
    [m[1], m[3], m[4]],
    [m[2], m[4], m[5]],
  ];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[0][1] ** 2 + a[0][2] ** 2 + a[1][2] ** 2;
    if (off === 0 || off < 1e-300) break;
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]]) {
      if (a[p][q] === 0) continue;
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[k][p];
        const akq = a[k][q];
        a[k][p] = c * akp - s * akq;
        a[k][q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p][k];
        const aqk = a[q][k];
        a[p][k] = c * apk - s * aqk;
        a[q][k] = s * apk + c * aqk;
      }
    }
  }
  const ev = [a[0][0], a[1][1], a[2][2]].sort((x, y) => x - y);
  return [ev[0], ev[1], ev[2]];
}
