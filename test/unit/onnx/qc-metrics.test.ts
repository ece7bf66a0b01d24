import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../core/image/image.js';
import { border, percentile, qcMetrics } from '../../../plugins/segment-onnx/qc-metrics.js';

function box(size: Vec3, lo: Vec3, hi: Vec3): Uint8Array {
  const m = new Uint8Array(size[0] * size[1] * size[2]);
  for (let z = lo[2]; z <= hi[2]; z++) for (let y = lo[1]; y <= hi[1]; y++) for (let x = lo[0]; x <= hi[0]; x++) m[x + y * size[0] + z * size[0] * size[1]] = 1;
  return m;
}

/** HD95 by comparing every border voxel with every other (what MONAI computes, without a transform). */
function bruteHd95(a: Uint8Array, b: Uint8Array, size: Vec3, spacing: Vec3): number {
  const pts = (m: Uint8Array) => {
    const e = border(m, size);
    const out: Vec3[] = [];
    e.forEach((v, i) => v && out.push([i % size[0], Math.floor(i / size[0]) % size[1], Math.floor(i / (size[0] * size[1]))]));
    return out;
  };
  const directed = (p: Vec3[], q: Vec3[]) =>
    Float64Array.from(p, (u) => Math.min(...q.map((v) => Math.hypot((u[0] - v[0]) * spacing[0], (u[1] - v[1]) * spacing[1], (u[2] - v[2]) * spacing[2]))));
  const pa = pts(a);
  const pb = pts(b);
  return Math.max(percentile(directed(pa, pb), 95), percentile(directed(pb, pa), 95));
}

describe('segmentation QC metrics', () => {
  const size: Vec3 = [20, 16, 12];
  const spacing: Vec3 = [0.8, 1.1, 2.5];

  it('computes Dice and volume difference from voxel counts', () => {
    const ref = box(size, [2, 2, 2], [9, 9, 5]); // 8·8·4 = 256 voxels
    const pred = box(size, [4, 2, 2], [11, 9, 5]); // shifted 2 on x: 6·8·4 = 192 shared
    const m = qcMetrics(pred, ref, size, spacing);
    expect(m.dice).toBeCloseTo((2 * 192) / 512, 12);
    expect(m.volumeDiffMl).toBe(0);
    expect(m.referenceMl).toBeCloseTo((256 * 0.8 * 1.1 * 2.5) / 1000, 12);
    const bigger = qcMetrics(box(size, [2, 2, 2], [9, 9, 6]), ref, size, spacing);
    expect(bigger.volumeDiffMl).toBeCloseTo((64 * 0.8 * 1.1 * 2.5) / 1000, 12);
  });

  it('matches a brute-force symmetric 95th-percentile surface distance on an anisotropic grid', () => {
    const ref = box(size, [2, 3, 1], [12, 9, 6]);
    const pred = box(size, [5, 1, 2], [16, 12, 9]);
    pred[3 + 3 * 20 + 10 * 320] = 1; // a stray voxel far away
    const m = qcMetrics(pred, ref, size, spacing);
    expect(m.hd95).toBeCloseTo(bruteHd95(pred, ref, size, spacing), 9);
    expect(m.hd95).toBeGreaterThan(0);
  });

  it('gives Dice 1 and HD95 0 for identical masks, and no HD95 when a mask is empty', () => {
    const ref = box(size, [2, 3, 1], [12, 9, 6]);
    expect(qcMetrics(ref, ref, size, spacing)).toMatchObject({ dice: 1, hd95: 0, volumeDiffMl: 0 });
    const empty = qcMetrics(new Uint8Array(ref.length), ref, size, spacing);
    expect(empty.dice).toBe(0);
    expect(empty.hd95).toBeNaN();
  });
});
