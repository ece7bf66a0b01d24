/**
 * Undecimated (stationary) wavelet transform, one level, coif1, as pywt.swtn with periodic extension:
 * out[i] = Σ_j f[j] · x[(i + F/2 − j) mod N] along each axis. PyRadiomics names bands x-first
 * (swtn axes (2, 1, 0)): `LLH` = low-pass in x and y, high-pass in z.
 */
import type { BoundingBox } from '../../../core/image/geometry.js';
import type { Vec3 } from '../../../core/image/image.js';
import { filterOutput, scratchF64 } from './scratch.js';
import { sweepBoxes } from './sweep-boxes.js';

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

/**
 * Periodic filtering along one axis with both coif1 filters at once (they read the same six voxels); outputs have
 * the input's size (odd axes cropped back after padding) and are written to lo and hi inside `box` only. Each sum
 * keeps the tap order j = 0…5.
 */
function filterAxis(src: Float64Array, size: Vec3, axis: number, box: BoundingBox, lo: Float64Array, hi: Float64Array): { L: Float64Array; H: Float64Array } {
  const [sx, sy] = size;
  const taps = tapTable(size[axis], 6);
  const [l0, l1, l2, l3, l4, l5] = COIF1_LO;
  const [h0, h1, h2, h3, h4, h5] = COIF1_HI;
  // Position i of every line of a block at once: the lines run along `inner`, the faster of the two other axes, so
  // for y and z the inner loop walks contiguous voxels.
  const [inner, outer] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
  const strides = [1, sx, sx * sy];
  const st = strides[axis], si = strides[inner];
  const vFrom = box.lower[inner] * si, vTo = box.upper[inner] * si;
  for (let u = box.lower[outer]; u <= box.upper[outer]; u++) {
    const base = u * strides[outer];
    for (let i = box.lower[axis]; i <= box.upper[axis]; i++) {
      const t = i * 6;
      const r0 = base + taps[t] * st, r1 = base + taps[t + 1] * st, r2 = base + taps[t + 2] * st;
      const r3 = base + taps[t + 3] * st, r4 = base + taps[t + 4] * st, r5 = base + taps[t + 5] * st;
      const o = base + i * st;
      for (let q = vFrom; q <= vTo; q += si) {
        const v0 = src[r0 + q], v1 = src[r1 + q], v2 = src[r2 + q], v3 = src[r3 + q], v4 = src[r4 + q], v5 = src[r5 + q];
        lo[o + q] = l0 * v0 + l1 * v1 + l2 * v2 + l3 * v3 + l4 * v4 + l5 * v5;
        hi[o + q] = h0 * v0 + h1 * v1 + h2 * v2 + h3 * v3 + h4 * v4 + h5 * v5;
      }
    }
  }
  return { L: lo, H: hi };
}

export const WAVELET_BANDS = ['LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH', 'LLL'] as const;

/**
 * The eight coif1 level-1 bands of a 3D image, by PyRadiomics band name. With `read` (inclusive bounds) only those
 * voxels are computed, exactly as in a full transform; the others are NaN (see sweep-boxes.ts). The bands are this
 * thread's filter outputs (scratch.ts): the next filter call overwrites them.
 */
export function waveletCoif1(data: Float64Array, size: Vec3, bands: readonly string[] = WAVELET_BANDS, read?: BoundingBox): Map<string, Float64Array> {
  // x first, then y, then z (pywt applies axes in the given order: 2, 1, 0 in NumPy terms). Each pass yields both
  // filters of its input; only the inputs the requested bands use are filtered.
  // The x and xy passes are intermediates: they go to this thread's work buffers; only the bands are allocated.
  const n = data.length;
  const [xBox, xyBox, xyzBox] = sweepBoxes(size, read);
  const x = filterAxis(data, size, 0, xBox, scratchF64(0, n), scratchF64(1, n));
  const xy = new Map<string, { L: Float64Array; H: Float64Array }>();
  for (const b of new Set(bands.map((band) => band[0]))) {
    const slot = 2 + 2 * xy.size;
    xy.set(b, filterAxis(x[b as 'L' | 'H'], size, 1, xyBox, scratchF64(slot, n), scratchF64(slot + 1, n)));
  }
  let outputs = 0;
  const band = (): Float64Array => {
    const out = filterOutput(outputs++, n);
    return read ? out.fill(NaN) : out;
  };
  const xyz = new Map<string, { L: Float64Array; H: Float64Array }>();
  for (const b of new Set(bands.map((band) => band.slice(0, 2)))) {
    xyz.set(b, filterAxis(xy.get(b[0])![b[1] as 'L' | 'H'], size, 2, xyzBox, band(), band()));
  }
  return new Map(bands.map((band) => [band, xyz.get(band.slice(0, 2))![band[2] as 'L' | 'H']]));
}
