/**
 * Undecimated (stationary) wavelet transform, one level, coif1, as pywt.swtn with periodic extension:
 * out[i] = Σ_j f[j] · x[(i + F/2 − j) mod N] along each axis. PyRadiomics names bands x-first
 * (swtn axes (2, 1, 0)): `LLH` = low-pass in x and y, high-pass in z.
 */
import type { Vec3 } from '../../../core/image/image.js';

/** pywt.Wavelet('coif1').dec_lo / dec_hi. */
const COIF1_LO = [-0.015655728135791993, -0.07273261951252645, 0.3848648468648578, 0.8525720202116004, 0.3378976624574818, -0.07273261951252645];
const COIF1_HI = [0.07273261951252645, 0.3378976624574818, -0.8525720202116004, 0.3848648468648578, 0.07273261951252645, -0.015655728135791993];

/**
 * Source positions of every tap: taps[i·F + j] = (i + F/2 − j) mod np, where the wrapped voxel n of an odd axis
 * (PyRadiomics pads odd sizes by one wrapped voxel first; we do too) reads position 0. No modulo in the inner loops.
 */
function tapTable(n: number, F: number): Int32Array {
  const np = n % 2 === 0 ? n : n + 1;
  const half = F >> 1;
  const taps = new Int32Array(n * F);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) {
      let k = (i + half - j) % np;
      if (k < 0) k += np;
      taps[i * F + j] = k === n ? 0 : k;
    }
  }
  return taps;
}

/** Periodic filtering along one axis; outputs have the input's size (odd axes cropped back after padding). */
function filterAxis(src: Float64Array, size: Vec3, axis: number, f: number[]): Float64Array {
  const [sx, sy] = size;
  const n = size[axis];
  const F = f.length;
  const taps = tapTable(n, F);
  const out = new Float64Array(src.length);
  if (axis === 0) {
    for (let start = 0; start < src.length; start += n) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < F; j++) s += f[j] * src[start + taps[i * F + j]];
        out[start + i] = s;
      }
    }
    return out;
  }
  // y and z: the lines of a block lie side by side (L apart), so the inner loop runs over contiguous voxels.
  // Each sum keeps the tap order j = 0..F−1, so results are bit-identical to a per-line loop.
  const L = axis === 1 ? sx : sx * sy;
  const rows = new Int32Array(F);
  for (let base = 0; base < src.length; base += L * n) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < F; j++) rows[j] = base + taps[i * F + j] * L;
      const o = base + i * L;
      for (let l = 0; l < L; l++) {
        let s = 0;
        for (let j = 0; j < F; j++) s += f[j] * src[rows[j] + l];
        out[o + l] = s;
      }
    }
  }
  return out;
}

export const WAVELET_BANDS = ['LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH', 'LLL'] as const;

/** The eight coif1 level-1 bands of a 3D image, by PyRadiomics band name. */
export function waveletCoif1(data: Float64Array, size: Vec3, bands: readonly string[] = WAVELET_BANDS): Map<string, Float64Array> {
  // x first, then y, then z (pywt applies axes in the given order: 2, 1, 0 in NumPy terms).
  // Only the x filters the requested bands use (a worker computing the L half never needs the H one).
  const byX = new Map<string, Float64Array>();
  for (const x of new Set(bands.map((b) => b[0]))) byX.set(x, filterAxis(data, size, 0, x === 'L' ? COIF1_LO : COIF1_HI));
  const out = new Map<string, Float64Array>();
  const cacheY = new Map<string, Float64Array>();
  for (const band of bands) {
    const xy = band.slice(0, 2);
    let b = cacheY.get(xy);
    if (!b) {
      b = filterAxis(byX.get(band[0])!, size, 1, band[1] === 'L' ? COIF1_LO : COIF1_HI);
      cacheY.set(xy, b);
    }
    out.set(band, filterAxis(b, size, 2, band[2] === 'L' ? COIF1_LO : COIF1_HI));
  }
  return out;
}
