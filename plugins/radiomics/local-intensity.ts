/**
 * IBSI local intensity features: the mean intensity in a 1 cm³ sphere around a voxel (all image
 * voxels whose centres lie within r = (3/(4π))^(1/3) cm count, inside the ROI or not).
 */
import type { Vec3 } from '../../core/image/image.js';

export const LOCAL_INTENSITY = ['LocalIntensityPeak', 'GlobalIntensityPeak'] as const;

/** Radius (mm) of a sphere of 1 cm³. */
const RADIUS = Math.cbrt(3 / (4 * Math.PI)) * 10;

export function localIntensityFeatures(data: Float64Array, roi: Uint8Array, size: Vec3, spacing: Vec3): Record<string, number> {
  const [sx, sy, sz] = size;
  const r = [0, 1, 2].map((a) => Math.floor(RADIUS / spacing[a] + 1e-9));
  const offsets: number[][] = [];
  for (let dz = -r[2]; dz <= r[2]; dz++) {
    for (let dy = -r[1]; dy <= r[1]; dy++) {
      for (let dx = -r[0]; dx <= r[0]; dx++) {
        const d = Math.hypot(dx * spacing[0], dy * spacing[1], dz * spacing[2]);
        if (d <= RADIUS) offsets.push([dx, dy, dz]);
      }
    }
  }
  const localMean = (i: number): number => {
    const x = i % sx, y = Math.floor(i / sx) % sy, z = Math.floor(i / (sx * sy));
    let s = 0, n = 0;
    for (const [dx, dy, dz] of offsets) {
      const X = x + dx, Y = y + dy, Z = z + dz;
      if (X < 0 || Y < 0 || Z < 0 || X >= sx || Y >= sy || Z >= sz) continue;
      s += data[X + Y * sx + Z * sx * sy];
      n++;
    }
    return s / n;
  };
  let max = -Infinity;
  for (let i = 0; i < roi.length; i++) if (roi[i] && data[i] > max) max = data[i];
  let local = -Infinity, global = -Infinity;
  for (let i = 0; i < roi.length; i++) {
    if (!roi[i]) continue;
    const m = localMean(i);
    if (m > global) global = m;
    if (data[i] === max && m > local) local = m;
  }
  return { LocalIntensityPeak: local, GlobalIntensityPeak: global };
}
