/**
 * Gradient magnitude by central differences (SimpleITK GradientMagnitudeImageFilter): edges repeat the
 * border voxel (zero-flux Neumann), so a border derivative is half the one-sided difference.
 */
import type { Vec3 } from '../../../core/image/image.js';

export function gradientMagnitude(x: Float64Array, size: Vec3, spacing: Vec3, useSpacing = true): Float64Array {
  const [sx, sy, sz] = size;
  const out = new Float64Array(x.length);
  const strides = [1, sx, sx * sy];
  const sp = useSpacing ? spacing : [1, 1, 1];
  let i = 0;
  for (let z = 0; z < sz; z++) {
    for (let y = 0; y < sy; y++) {
      for (let xx = 0; xx < sx; xx++, i++) {
        const pos = [xx, y, z];
        let m = 0;
        for (let a = 0; a < 3; a++) {
          const n = size[a];
          const lo = pos[a] > 0 ? i - strides[a] : i;
          const hi = pos[a] < n - 1 ? i + strides[a] : i;
          const d = (x[hi] - x[lo]) / (2 * sp[a]);
          m += d * d;
        }
        out[i] = Math.sqrt(m);
      }
    }
  }
  return out;
}
