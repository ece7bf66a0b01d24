/**
 * The right-angle rotations of a 2D or 3D grid, as they act on a separable filter: each target axis takes the filter
 * of a source axis, mirrored or not. IBSI 2 pools filter responses over these (pseudo-rotational invariance).
 */

/** Proper rotations of `n` axes (n = 2 or 3): per target axis, [source axis, mirrored]. */
export function rightAngleRotations(n: 2 | 3): Array<Array<[number, boolean]>> {
  const perms = n === 2 ? [[0, 1], [1, 0]] : [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  const parity = (p: number[]) => (p.length === 2 ? (p[0] === 0 ? 1 : -1) : [1, -1, -1, 1, 1, -1][perms.findIndex((q) => q.join() === p.join())]);
  const out: Array<Array<[number, boolean]>> = [];
  for (const p of perms) {
    for (let flips = 0; flips < 1 << n; flips++) {
      let sign = parity(p);
      for (let a = 0; a < n; a++) if (flips & (1 << a)) sign = -sign;
      if (sign === 1) out.push(p.map((src, a) => [src, (flips & (1 << a)) !== 0]));
    }
  }
  return out;
}
