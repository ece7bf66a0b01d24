/**
 * 3D sliding-window inference following MONAI `sliding_window_inference`: pad the volume up to the
 * window size, run windows in batches, blend overlapping outputs with an importance map, divide by
 * the summed weights, crop the padding away. The network is any async function over a batch.
 */
import type { Vec3 } from '../../core/image/image.js';
import { importanceMap, type Blend } from './importance-map.js';
import { windowGrid } from './patch-slices.js';

/** A multi-channel volume, channel-major then x fastest: index = c·N + x + y·sx + z·sx·sy. */
export interface Volume {
  size: Vec3;
  channels: number;
  data: Float32Array;
}

/**
 * Runs the network on a batch of windows shaped [n, c, z, y, x] (ONNX [N, C, D, H, W]) and returns
 * [n, outChannels, z, y, x].
 */
export type WindowRunner = (batch: Float32Array, shape: [number, number, number, number, number]) => Promise<{ data: Float32Array; channels: number }>;

export interface SlidingWindowOptions {
  /** Window size in voxels [x, y, z]. @default [128, 128, 128] */
  roi?: Vec3;
  /** Fraction of overlap between windows. @default 0.5 */
  overlap?: number;
  /** How window outputs are blended. @default { type: 'gaussian', sigmaScale: 0.125 } */
  blend?: Blend;
  /** Windows per network call. @default 1 */
  batchSize?: number;
  /** Value of padded voxels when the volume is smaller than a window (normalised units). @default 0 */
  padValue?: number;
  /** Called after each batch, e.g. to heartbeat. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches. */
  signal?: AbortSignal;
}

export const slidingWindowDefaults = { roi: [128, 128, 128] as Vec3, overlap: 0.5, blend: { type: 'gaussian', sigmaScale: 0.125 } as Blend, batchSize: 1, padValue: 0 };

export async function slidingWindowInference(input: Volume, run: WindowRunner, options: SlidingWindowOptions = {}): Promise<Volume> {
  // Field by field: an explicit `undefined` (e.g. an unset CLI flag) means the default.
  const o = {
    roi: options.roi ?? slidingWindowDefaults.roi,
    overlap: options.overlap ?? slidingWindowDefaults.overlap,
    blend: options.blend ?? slidingWindowDefaults.blend,
    batchSize: options.batchSize ?? slidingWindowDefaults.batchSize,
    padValue: options.padValue ?? slidingWindowDefaults.padValue,
    onProgress: options.onProgress,
    signal: options.signal,
  };
  if (!(o.overlap >= 0 && o.overlap < 1)) throw new RangeError(`overlap must be in [0, 1), got ${o.overlap}`);
  const roi = o.roi;
  const { volume, padLow } = padToWindow(input, roi, o.padValue);
  const size = volume.size;
  const n = size[0] * size[1] * size[2];
  const rn = roi[0] * roi[1] * roi[2];
  const weights = importanceMap(roi, o.blend);
  const starts = windowGrid(size, roi, o.overlap);
  const count = new Float32Array(n);
  let out: Float32Array | null = null;
  let outChannels = 0;
  // One input buffer for every full batch: no 8 MB allocation per 128³ window.
  const fullBatch = new Float32Array(o.batchSize * volume.channels * rn);
  for (let b0 = 0; b0 < starts.length; b0 += o.batchSize) {
    o.signal?.throwIfAborted();
    const batchStarts = starts.slice(b0, b0 + o.batchSize);
    const batch = batchStarts.length === o.batchSize ? fullBatch : new Float32Array(batchStarts.length * volume.channels * rn);
    batchStarts.forEach((s, b) => {
      for (let c = 0; c < volume.channels; c++) copyWindow(volume.data, c * n, size, s, roi, batch, (b * volume.channels + c) * rn);
    });
    const result = await run(batch, [batchStarts.length, volume.channels, roi[2], roi[1], roi[0]]);
    if (out === null) {
      outChannels = result.channels;
      out = new Float32Array(outChannels * n);
    }
    const acc = out;
    batchStarts.forEach((s, b) => {
      addWindow(acc, outChannels, n, size, s, roi, result.data, b * outChannels * rn, weights, count);
    });
    o.onProgress?.(Math.min(b0 + o.batchSize, starts.length), starts.length);
  }
  // Every voxel is covered by a window with weight ≥ 1e-3, so count > 0; divide (not multiply by
  // a reciprocal) to round as MONAI does.
  for (let c = 0; c < outChannels; c++) {
    const off = c * n;
    for (let i = 0; i < n; i++) out![off + i] /= count[i];
  }
  return cropPadding({ size, channels: outChannels, data: out! }, input.size, padLow);
}

function copyWindow(src: Float32Array, srcOff: number, size: Vec3, s: Vec3, roi: Vec3, dst: Float32Array, dstOff: number): void {
  for (let z = 0; z < roi[2]; z++) {
    for (let y = 0; y < roi[1]; y++) {
      const from = srcOff + s[0] + (s[1] + y) * size[0] + (s[2] + z) * size[0] * size[1];
      dst.set(src.subarray(from, from + roi[0]), dstOff + (y + z * roi[1]) * roi[0]);
    }
  }
}

/** For every output channel c: dst[c][window] += src[c]·w; and count[window] += w. */
function addWindow(dst: Float32Array, channels: number, n: number, size: Vec3, s: Vec3, roi: Vec3, src: Float32Array, srcOff: number, w: Float32Array, count: Float32Array): void {
  const rn = roi[0] * roi[1] * roi[2];
  for (let z = 0; z < roi[2]; z++) {
    for (let y = 0; y < roi[1]; y++) {
      const d = s[0] + (s[1] + y) * size[0] + (s[2] + z) * size[0] * size[1];
      const r = (y + z * roi[1]) * roi[0];
      for (let x = 0; x < roi[0]; x++) count[d + x] += w[r + x];
      for (let c = 0; c < channels; c++) {
        const dc = d + c * n;
        const sc = srcOff + c * rn + r;
        for (let x = 0; x < roi[0]; x++) dst[dc + x] += src[sc + x] * w[r + x];
      }
    }
  }
}

/** Pads each axis shorter than the window to the window size, split as MONAI does (low = ⌊diff/2⌋). */
function padToWindow(v: Volume, roi: Vec3, value: number): { volume: Volume; padLow: Vec3 } {
  const diff = [0, 1, 2].map((a) => Math.max(roi[a] - v.size[a], 0));
  const padLow = diff.map((d) => Math.floor(d / 2)) as Vec3;
  if (diff.every((d) => d === 0)) return { volume: v, padLow };
  const size = v.size.map((s, a) => s + diff[a]) as Vec3;
  const n = size[0] * size[1] * size[2];
  const n0 = v.size[0] * v.size[1] * v.size[2];
  const data = new Float32Array(v.channels * n).fill(value);
  for (let c = 0; c < v.channels; c++) {
    for (let z = 0; z < v.size[2]; z++) {
      for (let y = 0; y < v.size[1]; y++) {
        const from = c * n0 + (y + z * v.size[1]) * v.size[0];
        const to = c * n + padLow[0] + (y + padLow[1]) * size[0] + (z + padLow[2]) * size[0] * size[1];
        data.set(v.data.subarray(from, from + v.size[0]), to);
      }
    }
  }
  return { volume: { size, channels: v.channels, data }, padLow };
}

function cropPadding(v: Volume, size: Vec3, padLow: Vec3): Volume {
  if (v.size.every((s, a) => s === size[a])) return v;
  const n = size[0] * size[1] * size[2];
  const nv = v.size[0] * v.size[1] * v.size[2];
  const data = new Float32Array(v.channels * n);
  for (let c = 0; c < v.channels; c++) {
    for (let z = 0; z < size[2]; z++) {
      for (let y = 0; y < size[1]; y++) {
        const from = c * nv + padLow[0] + (y + padLow[1]) * v.size[0] + (z + padLow[2]) * v.size[0] * v.size[1];
        data.set(v.data.subarray(from, from + size[0]), c * n + (y + z * size[1]) * size[0]);
      }
    }
  }
  return { size, channels: v.channels, data };
}
