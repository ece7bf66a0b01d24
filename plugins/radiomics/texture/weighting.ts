/**
 * PyRadiomics distance weighting of merged direction matrices (`weightingNorm`): each direction's matrix is scaled by
 * a weight from the direction's length in mm before the matrices are summed. GLCM uses w = exp(−‖d‖²), GLRLM w = ‖d‖
 * (radiomics/glcm.py and glrlm.py `_calculateMatrix`).
 */
import type { Offset } from './types.js';

export type WeightingNorm = 'manhattan' | 'euclidean' | 'infinity' | 'no_weighting';

/** ‖offset · spacing‖ under the norm (no_weighting: 1, any direction). */
function lengthMm([dx, dy, dz]: Offset, spacing: [number, number, number], norm: WeightingNorm): number {
  const v = [Math.abs(dx) * spacing[0], Math.abs(dy) * spacing[1], Math.abs(dz) * spacing[2]];
  switch (norm) {
    case 'manhattan': return v[0] + v[1] + v[2];
    case 'euclidean': return Math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2);
    case 'infinity': return Math.max(...v);
    case 'no_weighting': return 1;
    default: {
      const never: never = norm;
      throw new RangeError(`texture: unknown weightingNorm ${String(never)}; use manhattan, euclidean, infinity or no_weighting.`);
    }
  }
}

export function directionWeights(
  offsets: Offset[], norm: WeightingNorm, spacing: [number, number, number] | undefined, family: 'glcm' | 'glrlm',
): number[] {
  if (norm === 'no_weighting') return offsets.map(() => 1);
  if (!spacing) throw new RangeError(`texture: weightingNorm '${norm}' needs region.spacing (mm per voxel along x, y, z).`);
  return offsets.map((o) => {
    const d = lengthMm(o, spacing, norm);
    return family === 'glcm' ? Math.exp(-(d * d)) : d;
  });
}

/** Σ weight[a] · ms[a], element-wise. */
export function weightedSum(ms: Float64Array[], weights: number[], length: number): Float64Array {
  const out = new Float64Array(length);
  ms.forEach((m, a) => { for (let i = 0; i < length; i++) out[i] += weights[a] * m[i]; });
  return out;
}
