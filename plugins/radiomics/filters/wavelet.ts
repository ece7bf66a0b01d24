/**
 * Undecimated (stationary) wavelet transform, one level, coif1, as pywt.swtn with periodic extension:
 * out[i] = Σ_j f[j] · x[(i + F/2 − j) mod N] along each axis. PyRadiomics names bands x-first
 * (swtn axes (2, 1, 0)): `LLH` = low-pass in x and y, high-pass in z.
 */
import type { Vec3 } from '../../../core/image/image.js';

/** pywt.Wavelet('coif1').dec_lo / dec_hi. */
const COIF1_LO = [-0.015655728135791993, -0.07273261951252645, 0.3848648468648578, 0.8525720202116004, 0.3378976624574818, -0.07273261951252645];
const COIF1_HI = [0.07273261951252645, 0.3378976624574818, -0.8525720202116004, 0.3848648468648578, 0.07273261951252645, -0.015655728135791993];

/** Periodic filtering along one axis. PyRadiomics pads odd sizes by one wrapped voxel first; we do too. */
function filterAxis(src: Float64Array, size: Vec3, axis: number, f: number[]): Float64Array {
  const [sx, sy, sz] = size;
  const n = size[axis];
  const stride = axis === 0 ? 1 : axis === 1 ? sx : sx * sy;
  const out = new Float64Array(src.length);
  const F = f.length;
  const half = F >> 1;
  // Lines of an odd axis are one voxel longer (the wrapped copy of the first voxel); outputs are cropped back.
  const np = n % 2 === 0 ? n : n + 1;
  const line = new Float64Array(np);
  const lines = src.length / n;
  const outer = axis === 0 ? [sy * sz, sx] : axis === 1 ? [sz, sx * sy] : [1, 1];
  for (let l = 0; l < lines; l++) {
    let start: number;
    if (axis === 0) start = l * sx;
    else if (axis === 1) start = (l % sx) + Math.floor(l / sx) * sx * sy;
    else start = l;
    for (let i = 0; i < n; i++) line[i] = src[start + i * stride];
    if (np > n) line[n] = line[0];
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < F; j++) {
        let k = (i + half - j) % np;
        if (k < 0) k += np;
        s += f[j] * line[k];
      }
      out[start + i * stride] = s;
    }
  }
  void outer;
  return out;
}

export const WAVELET_BANDS = ['LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH', 'LLL'] as const;

/** The eight coif1 level-1 bands of a 3D image, by PyRadiomics band name. */
export function waveletCoif1(data: Float64Array, size: Vec3, bands: readonly string[] = WAVELET_BANDS): Map<string, Float64Array> {
  // x first, then y, then z (pywt applies axes in the given order: 2, 1, 0 in NumPy terms).
  const byX = { L: filterAxis(data, size, 0, COIF1_LO), H: filterAxis(data, size, 0, COIF1_HI) };
  const out = new Map<string, Float64Array>();
  const cacheY = new Map<string, Float64Array>();
  for (const band of bands) {
    const xy = band.slice(0, 2);
    let b = cacheY.get(xy);
    if (!b) {
      b = filterAxis(byX[band[0] as 'L' | 'H'], size, 1, band[1] === 'L' ? COIF1_LO : COIF1_HI);
      cacheY.set(xy, b);
    }
    out.set(band, filterAxis(b, size, 2, band[2] === 'L' ? COIF1_LO : COIF1_HI));
  }
  return out;
}
