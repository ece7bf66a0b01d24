/**
 * Window weights for blending overlapping predictions, as MONAI `compute_importance_map`:
 * a separable Gaussian centred at (n − 1)/2 with σ = sigmaScale·n per axis (peak 1, not
 * renormalised), clamped below at max(min weight, 1e-3) so window borders still count.
 */
import type { Vec3 } from '../../core/image/image.js';

export type Blend = { type: 'gaussian'; sigmaScale: number } | { type: 'constant' };

/** Weights for a window of `roi` [x, y, z], x fastest. */
export function importanceMap(roi: Vec3, blend: Blend): Float32Array {
  const n = roi[0] * roi[1] * roi[2];
  const map = new Float32Array(n);
  switch (blend.type) {
    case 'constant':
      map.fill(1);
      return map;
    case 'gaussian': {
      const axes = roi.map((len) => gaussian1d(len, blend.sigmaScale * len));
      let min = Infinity;
      let i = 0;
      for (let z = 0; z < roi[2]; z++) {
        for (let y = 0; y < roi[1]; y++) {
          const zy = axes[2][z] * axes[1][y];
          for (let x = 0; x < roi[0]; x++, i++) {
            // float32 as MONAI computes it, so weights (and ties in argmax) match.
            const w = Math.fround(zy * axes[0][x]);
            map[i] = w;
            if (w < min) min = w;
          }
        }
      }
      const floor = Math.max(min, 1e-3);
      for (let j = 0; j < n; j++) if (map[j] < floor) map[j] = floor;
      return map;
    }
    default: {
      const never: never = blend;
      throw new Error(`unknown blend ${JSON.stringify(never)}`);
    }
  }
}

function gaussian1d(len: number, sigma: number): Float32Array {
  const out = new Float32Array(len);
  for (let i = 0; i < len; i++) {
    const x = i - (len - 1) / 2;
    out[i] = Math.exp((x * x) / (-2 * sigma * sigma));
  }
  return out;
}
