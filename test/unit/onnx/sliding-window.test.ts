import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../core/image/image.js';
import { importanceMap } from '../../../plugins/segment-onnx/importance-map.js';
import { windowGrid, windowStarts } from '../../../plugins/segment-onnx/patch-slices.js';
import { slidingWindowInference, type WindowRunner } from '../../../plugins/segment-onnx/sliding-window.js';

/** A "network" that returns its input and 2·input + 1 as two channels: blending must undo itself. */
const affineNet: WindowRunner = async (batch, [n, c, d, h, w]) => {
  const rn = d * h * w;
  const out = new Float32Array(n * 2 * rn);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < rn; i++) {
      const v = batch[b * c * rn + i];
      out[(b * 2) * rn + i] = v;
      out[(b * 2 + 1) * rn + i] = 2 * v + 1;
    }
  }
  return { data: out, channels: 2, dims: [n, 2, d, h, w] };
};

function ramp(size: Vec3): Float32Array {
  const n = size[0] * size[1] * size[2];
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 10 + (i % 7));
}

describe('sliding-window inference', () => {
  it('places windows where MONAI dense_patch_slices does', () => {
    expect(windowStarts(256, 128, 0.5)).toEqual([0, 64, 128]);
    expect(windowStarts(256, 128, 0.25)).toEqual([0, 96, 128]);
    expect(windowStarts(128, 128, 0.5)).toEqual([0]);
    expect(windowStarts(100, 64, 0.5)).toEqual([0, 32, 36]);
    expect(windowStarts(10, 4, 0.9)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(windowGrid([256, 256, 256], [128, 128, 128], 0.5)).toHaveLength(27);
  });

  it('builds the Gaussian importance map with a unit peak, symmetry and the 1e-3 floor', () => {
    const map = importanceMap([9, 9, 9], { type: 'gaussian', sigmaScale: 0.125 });
    const at = (x: number, y: number, z: number) => map[x + 9 * y + 81 * z];
    expect(at(4, 4, 4)).toBe(1);
    expect(at(1, 2, 3)).toBe(at(7, 6, 5));
    // σ = 1.125 voxels: one voxel off-centre on x is exp(−1/(2σ²)).
    expect(at(5, 4, 4)).toBeCloseTo(Math.exp(-1 / (2 * 1.125 ** 2)), 6);
    expect(Math.min(...map)).toBeCloseTo(1e-3, 9);
    const even = importanceMap([128, 128, 128], { type: 'gaussian', sigmaScale: 0.125 });
    // Peak of an even window lies between voxels 63 and 64: exp(−0.5²/(2·16²))³.
    expect(even[63 + 64 * 128 + 64 * 128 * 128]).toBeCloseTo(Math.exp((-3 * 0.25) / 512), 6);
    expect(importanceMap([2, 2, 2], { type: 'constant' })).toEqual(new Float32Array(8).fill(1));
  });

  it('returns what a voxel-wise network returns, whatever the overlap, blending, batching or padding', async () => {
    for (const [size, roi, overlap, batchSize, blend] of [
      [[40, 33, 21], [16, 16, 16], 0.5, 1, { type: 'gaussian', sigmaScale: 0.125 }],
      [[40, 33, 21], [16, 12, 8], 0.25, 4, { type: 'constant' }],
      [[10, 7, 5], [16, 16, 16], 0.5, 2, { type: 'gaussian', sigmaScale: 0.125 }],
    ] as const) {
      const data = ramp(size as Vec3);
      const out = await slidingWindowInference({ size: size as Vec3, channels: 1, data }, affineNet, { roi: roi as Vec3, overlap, batchSize, blend });
      expect(out.size).toEqual(size);
      expect(out.channels).toBe(2);
      const n = data.length;
      let worst = 0;
      for (let i = 0; i < n; i++) {
        worst = Math.max(worst, Math.abs(out.data[i] - data[i]), Math.abs(out.data[n + i] - (2 * data[i] + 1)));
      }
      expect(worst).toBeLessThan(1e-4);
    }
  });

  it('blends overlapping windows by their Gaussian weights', async () => {
    // Each window answers with its call number: where windows overlap, the result lies between them.
    let call = 0;
    const numbered: WindowRunner = async (batch, [n, , d, h, w]) => {
      call++;
      return { data: new Float32Array(n * d * h * w).fill(call), channels: 1, dims: [n, 1, d, h, w] };
    };
    const out = await slidingWindowInference({ size: [24, 8, 8], channels: 1, data: new Float32Array(24 * 64) }, numbered, { roi: [16, 8, 8], overlap: 0.5 });
    // Starts 0 and 8 on x (centres 7.5 and 15.5): x = 4 only in window 1, x = 20 only in window 2,
    // x = 10 and 12 in both, weighted by their distance to each centre. Row y = z = 4.
    const at = (x: number) => out.data[x + 4 * 24 + 4 * 24 * 8];
    expect(at(4)).toBe(1);
    expect(at(20)).toBe(2);
    const w = (d: number) => Math.exp(-(d * d) / (2 * 2 * 2));
    expect(at(12)).toBeCloseTo((w(4.5) * 1 + w(3.5) * 2) / (w(4.5) + w(3.5)), 5);
    expect(at(10)).toBeCloseTo((w(2.5) * 1 + w(5.5) * 2) / (w(2.5) + w(5.5)), 5);
  });

  it('reports progress per batch and stops when aborted', async () => {
    const seen: [number, number][] = [];
    await slidingWindowInference({ size: [32, 16, 16], channels: 1, data: new Float32Array(32 * 256) }, affineNet, { roi: [16, 16, 16], overlap: 0.5, batchSize: 2, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([[2, 3], [3, 3]]);
    const abort = new AbortController();
    abort.abort(new Error('cancelled by test'));
    await expect(slidingWindowInference({ size: [8, 8, 8], channels: 1, data: new Float32Array(512) }, affineNet, { roi: [8, 8, 8], signal: abort.signal })).rejects.toThrow('cancelled by test');
  });
});
