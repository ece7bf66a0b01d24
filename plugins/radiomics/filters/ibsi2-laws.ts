/**
 * IBSI 2 Laws filter with pseudo-rotational invariance and an energy map: the separable kernel (e.g. L5E5E5) is
 * applied in every right-angle orientation; max pooling takes the largest response, and the energy map averages
 * |pooled response| over a Chebyshev neighbourhood of radius δ voxels. Borders are symmetric ("reflect"), in plane
 * for 2D.
 */
import type { Vec3 } from '../../../core/image/image.js';
import { convolveAxis, type Ibsi2FilterOptions } from './ibsi2.js';
import { rightAngleRotations } from './right-angle-rotations.js';

/** The 1D Laws kernels, normalised to unit length as IBSI 2 defines them. */
const LAWS: Record<string, number[]> = {
  L3: [1, 2, 1], E3: [-1, 0, 1], S3: [-1, 2, -1],
  L5: [1, 4, 6, 4, 1], E5: [-1, -2, 0, 2, 1], S5: [-1, 0, 2, 0, -1], W5: [-1, 2, 0, -2, 1], R5: [1, -4, 6, -4, 1],
};

function lawsKernel(name: string): Float64Array {
  const k = LAWS[name];
  if (!k) throw new RangeError(`unknown Laws kernel ${name}; use one of ${Object.keys(LAWS).join(', ')}`);
  const norm = Math.sqrt(k.reduce((s, v) => s + v * v, 0));
  return Float64Array.from(k, (v) => v / norm);
}

export interface LawsOptions extends Ibsi2FilterOptions {
  /** Energy-map Chebyshev radius in voxels (0 = no energy map). @default 0 */
  energyDistance?: number;
}

/**
 * @param kernel e.g. 'L5E5E5' (3D) or 'L5E5' (2D, with inPlane): one 1D kernel per axis.
 * Max pooling over orientations: a right-angle rotation maps the separable kernel to another axis assignment,
 * possibly mirrored along some axes; mirroring an antisymmetric kernel negates the response and a symmetric one
 * keeps it, and both signs occur among the rotations, so pooling is the largest |response| over axis assignments.
 */
export function lawsFilter(data: Float64Array, size: Vec3, kernel: string, opts: LawsOptions = {}): Float64Array {
  const axes: 2 | 3 = opts.inPlane ? 2 : 3;
  const names = kernel.match(/[LESWR][35]/g) ?? [];
  if (names.length !== axes || names.join('') !== kernel) throw new RangeError(`Laws kernel ${kernel} must name ${axes} 1D kernels (e.g. ${axes === 3 ? 'L5E5E5' : 'L5E5'})`);
  const pooled = new Float64Array(data.length);
  // Mirroring only changes the sign of the response, so the distinct axis assignments are enough.
  const assignments = new Map(rightAngleRotations(axes).map((r) => r.map(([src]) => names[src])).map((a) => [a.join(), a]));
  for (const assignment of assignments.values()) {
    let response = data;
    assignment.forEach((name, axis) => (response = convolveAxis(response, size, axis, lawsKernel(name))));
    for (let i = 0; i < pooled.length; i++) pooled[i] = Math.max(pooled[i], Math.abs(response[i]));
  }
  const delta = opts.energyDistance ?? 0;
  if (delta === 0) return pooled;
  const box = new Float64Array(2 * delta + 1).fill(1 / (2 * delta + 1));
  let energy: Float64Array = pooled;
  for (let a = 0; a < axes; a++) energy = convolveAxis(energy, size, a, box);
  return energy;
}
