import { describe, expect, it } from 'vitest';
import type { Image3D, Vec3 } from '../../../core/image/image.js';
import { countForeground } from '../../../core/image/mask.js';
import { ibsiGrid, pyradiomicsGrid, pyradiomicsResample, resampleLike, resampleMask, resampleToGrid, resampleToSpacing } from '../../../core/image/resample.js';

function volume<T extends Image3D['data']>(size: Vec3, spacing: Vec3, data: T, origin: Vec3 = [0, 0, 0]): Image3D<T> {
  return { size, spacing, origin, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };
}

function filled(size: Vec3, f: (x: number, y: number, z: number) => number): Float64Array {
  const out = new Float64Array(size[0] * size[1] * size[2]);
  let i = 0;
  for (let z = 0; z < size[2]; z++) for (let y = 0; y < size[1]; y++) for (let x = 0; x < size[0]; x++) out[i++] = f(x, y, z);
  return out;
}

describe('resampleToGrid', () => {
  const size: Vec3 = [7, 6, 5];
  const image = volume(size, [1, 2, 3], filled(size, (x, y, z) => Math.sin(x) * 10 + y * y - z));

  for (const interpolator of ['nearest', 'linear', 'bspline'] as const) {
    it(`reproduces the input on its own grid with ${interpolator} interpolation`, () => {
      const out = resampleToGrid(image, image, { interpolator });
      for (let i = 0; i < image.data.length; i++) expect(out.data[i]).toBeCloseTo(image.data[i], 9);
    });
  }

  it('is exact for trilinear functions under linear interpolation, between voxel centres too', () => {
    const ramp = volume(size, [1, 2, 3], filled(size, (x, y, z) => 2 * x - 3 * y + 0.5 * z + 7));
    const grid = { size: [12, 10, 8] as Vec3, spacing: [0.5, 1, 1.5] as Vec3, origin: [0.25, 0.5, 0.75] as Vec3, direction: ramp.direction };
    const out = resampleToGrid(ramp, grid, { interpolator: 'linear' });
    // Output voxel (i, j, k) lies at input index (0.25 + 0.5i, 0.25 + 0.5j, 0.25 + 0.5k).
    const expected = filled(grid.size, (i, j, k) => 2 * (0.25 + 0.5 * i) - 3 * (0.25 + 0.5 * j) + 0.5 * (0.25 + 0.5 * k) + 7);
    for (let i = 0; i < out.data.length; i++) expect(out.data[i]).toBeCloseTo(expected[i], 9);
  });

  it('reproduces a cubic polynomial away from the borders with B-spline interpolation', () => {
    const n = 60;
    const cubic = (x: number) => 0.001 * x ** 3 - 0.05 * x * x + x;
    const line = volume([n, 1, 1], [1, 1, 1], filled([n, 1, 1], cubic));
    const grid = { size: [20, 1, 1] as Vec3, spacing: [0.37, 1, 1] as Vec3, origin: [25.1, 0, 0] as Vec3, direction: line.direction };
    const out = resampleToGrid(line, grid, { interpolator: 'bspline' });
    for (let i = 0; i < 20; i++) expect(out.data[i]).toBeCloseTo(cubic(25.1 + 0.37 * i), 6);
  });

  it('gives the same B-spline values for a small grid deep inside a large image as for a full-size grid', () => {
    // The small grid only reads a cropped block (with a prefilter margin); the full grid reads everything.
    const n: Vec3 = [120, 9, 7];
    const big = volume(n, [1, 1, 1], filled(n, (x, y, z) => Math.sin(x * 0.7) * 40 + Math.cos(y * 1.3) * 10 + z * z));
    const full = resampleToGrid(big, { ...big, size: [239, 9, 7], spacing: [0.5, 1, 1] }, { interpolator: 'bspline', outputType: 'float64' });
    const part = resampleToGrid(big, { ...big, size: [11, 9, 7], spacing: [0.5, 1, 1], origin: [60, 0, 0] }, { interpolator: 'bspline', outputType: 'float64' });
    for (let k = 0; k < 7; k++)
      for (let j = 0; j < 9; j++)
        for (let i = 0; i < 11; i++) expect(part.data[i + 11 * (j + 9 * k)]).toBeCloseTo(full.data[i + 120 + 239 * (j + 9 * k)], 9);
  });

  it('rounds half up for nearest neighbour, as ITK', () => {
    const line = volume([3, 1, 1], [1, 1, 1], new Float64Array([10, 20, 30]));
    const out = resampleToGrid(line, { ...line, size: [2, 1, 1], origin: [0.5, 0, 0] }, { interpolator: 'nearest' });
    expect(Array.from(out.data)).toEqual([20, 30]);
  });

  it('fills points beyond the half-voxel border with the constant, or extends the edge', () => {
    const line = volume([3, 1, 1], [1, 1, 1], new Float64Array([10, 20, 30]));
    const grid = { ...line, size: [4, 1, 1] as Vec3, origin: [-1, 0, 0] as Vec3 };
    expect(Array.from(resampleToGrid(line, grid, { interpolator: 'linear', outside: { type: 'constant', value: -5 } }).data)).toEqual([-5, 10, 20, 30]);
    expect(Array.from(resampleToGrid(line, grid, { interpolator: 'linear', outside: { type: 'edge' } }).data)).toEqual([10, 10, 20, 30]);
    // −0.4 lies inside ITK's buffer (≥ −0.5): the clamped neighbours give the edge value.
    const near = { ...line, size: [1, 1, 1] as Vec3, origin: [-0.4, 0, 0] as Vec3 };
    expect(resampleToGrid(line, near, { interpolator: 'linear', outside: { type: 'constant', value: -5 } }).data[0]).toBe(10);
  });

  it('fills whole rows and slices outside the input with the constant (shifted 3D grid)', () => {
    const small = volume([4, 3, 2], [1, 1, 1], filled([4, 3, 2], (x, y, z) => 1 + x + 4 * y + 12 * z));
    const grid = { ...small, size: [4, 3, 3] as Vec3, origin: [-1, 1, -1] as Vec3 };
    for (const interpolator of ['nearest', 'linear', 'bspline'] as const) {
      const out = resampleToGrid(small, grid, { interpolator, outside: { type: 'constant', value: -5 }, outputType: 'float64' }).data;
      let o = 0;
      for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 4; i++, o++) {
        const inside = i >= 1 && j <= 1 && k >= 1;
        if (inside) expect(out[o]).toBeCloseTo(small.data[i - 1 + (j + 1) * 4 + (k - 1) * 12], 9);
        else expect(out[o]).toBe(-5);
      }
    }
  });

  it('casts to the input type as ITK: clamp to the range, truncate toward zero', () => {
    const line = volume([2, 1, 1], [1, 1, 1], new Int16Array([-1, 2]));
    const mid = { ...line, size: [1, 1, 1] as Vec3, origin: [0.5, 0, 0] as Vec3 };
    expect(resampleToGrid(line, mid).data[0]).toBe(0); // 0.5 → 0
    expect(resampleToGrid(line, mid, { outputType: 'float32' }).data[0]).toBe(0.5);
    expect(resampleToGrid(volume([2, 1, 1], [1, 1, 1], new Int16Array([-3, 0])), mid).data[0]).toBe(-1); // −1.5 → −1, not −2
    // B-spline overshoots a step; the overshoot is clamped to the uint8 range.
    const step = volume([8, 1, 1], [1, 1, 1], new Uint8Array([0, 0, 0, 0, 255, 255, 255, 255]));
    const fine = resampleToGrid(step, { ...step, size: [29, 1, 1], spacing: [0.25, 1, 1] }, { interpolator: 'bspline' });
    const raw = resampleToGrid(step, { ...step, size: [29, 1, 1], spacing: [0.25, 1, 1] }, { interpolator: 'bspline', outputType: 'float64' });
    expect(Math.max(...raw.data)).toBeGreaterThan(255);
    expect(Math.max(...fine.data)).toBe(255);
    expect(Math.min(...raw.data)).toBeLessThan(0);
    expect(Math.min(...fine.data)).toBe(0);
    const clamped = resampleToGrid(volume([2, 1, 1], [1, 1, 1], new Uint8Array([0, 255])), { ...mid, origin: [0.9, 0, 0] });
    expect(clamped.data[0]).toBe(229); // 229.5 truncated
  });

  it('follows the physical position through different directions', () => {
    // The same voxels described with a flipped x axis: resampling one onto the other reverses x.
    const a = volume([3, 1, 1], [1, 1, 1], new Float64Array([1, 2, 3]));
    const flipped = { ...a, origin: [2, 0, 0] as Vec3, direction: [-1, 0, 0, 0, 1, 0, 0, 0, 1] };
    expect(Array.from(resampleLike(a, flipped, { interpolator: 'nearest' }).data)).toEqual([3, 2, 1]);
  });
});

describe('resampleToGrid on oblique grids', () => {
  const size: Vec3 = [5, 4, 3];
  const image = volume(size, [1, 2, 3], filled(size, (x, y, z) => x * 100 + y * 10 + z));
  // Output axis i runs along input axis y, output j along −x: a 90° turn about z.
  const turned = {
    size: [4, 5, 3] as Vec3,
    spacing: [2, 1, 3] as Vec3,
    origin: [4, 0, 0] as Vec3,
    direction: [0, -1, 0, 1, 0, 0, 0, 0, 1],
  };

  for (const interpolator of ['nearest', 'linear', 'bspline'] as const) {
    it(`turns the voxels with ${interpolator} interpolation when the grid is rotated`, () => {
      const out = resampleToGrid(image, turned, { interpolator, outputType: 'float64' });
      // Output (i, j, k) sits at world (4 − j, 2i, 3k) = input voxel (4 − j, i, k).
      const expected = filled(turned.size, (i, j, k) => (4 - j) * 100 + i * 10 + k);
      for (let n = 0; n < expected.length; n++) expect(out.data[n]).toBeCloseTo(expected[n], 8);
    });
  }
});

describe('grids', () => {
  it('aligns IBSI grid centres: 5 voxels of 2 mm become 4 voxels of 3 mm starting half a millimetre earlier', () => {
    const g = ibsiGrid(volume([5, 4, 1], [2, 2, 1], new Float64Array(20), [10, 0, 0]), [3, 3, 1]);
    expect(g.size).toEqual([4, 3, 1]);
    expect(g.origin[0]).toBeCloseTo(9.5, 12);
    // Centre of the old extent (10 + 4) equals the centre of the new one (9.5 + 4.5).
    expect(g.origin[0] + (3 * (g.size[0] - 1)) / 2).toBeCloseTo(14, 12);
  });

  it('resamples a whole image to a new spacing with edge extension by default', () => {
    const image = volume([4, 4, 4], [1, 1, 1], new Float32Array(64).fill(100));
    const out = resampleToSpacing(image, [3, 3, 3]);
    expect(out.size).toEqual([2, 2, 2]);
    expect(Array.from(out.data)).toEqual(new Array(8).fill(100));
    expect(resampleToSpacing(image, [2, 2, 2], { alignment: 'origin' }).origin).toEqual([0, 0, 0]);
  });

  it('builds PyRadiomics’ grid around the mask box and skips axes the label spans in one slice', () => {
    const mask = volume([20, 20, 10], [1, 1, 2], new Uint8Array(4000));
    mask.data[5 + 6 * 20 + 4 * 400] = 1;
    mask.data[8 + 9 * 20 + 4 * 400] = 1;
    const grid = pyradiomicsGrid(mask, mask, { spacing: [2, 2, 2], padDistance: 1 })!;
    expect(grid.spacing).toEqual([2, 2, 2]); // z spans one slice: keeps the mask's 2 mm
    // x: floor((5 − .5)·0.5 − 1) = 1, ceil((9 − .5)·0.5 + 1) = 6 → 6 voxels
    expect(grid.size[0]).toBe(6);
    expect(grid.origin[0]).toBeCloseTo(0.5 + 2, 12);
    expect(pyradiomicsGrid(mask, mask, { spacing: [1, 1, 2] })).toBeUndefined();
  });
});

describe('pyradiomicsResample', () => {
  it('only crops to the label box (padDistance, 0 by default) when the spacing already matches', () => {
    const size: Vec3 = [10, 10, 6];
    const image = volume(size, [2, 2, 2], new Int16Array(filled(size, (x, y, z) => x + 10 * y + 100 * z)));
    const mask = volume(size, [2, 2, 2], new Uint8Array(600));
    mask.data[4 + 5 * 10 + 2 * 100] = 1;
    mask.data[6 + 5 * 10 + 3 * 100] = 1;
    const tight = pyradiomicsResample(image, mask, { spacing: [2, 2, 2] });
    expect(tight.image.size).toEqual([3, 1, 2]);
    expect(tight.image.data[0]).toBe(4 + 50 + 200);
    expect(tight.image.data).toBeInstanceOf(Int16Array);
    const padded = pyradiomicsResample(image, mask, { spacing: [2, 2, 2], padDistance: 1 });
    expect(padded.mask.size).toEqual([5, 3, 4]);
    expect(padded.image.origin).toEqual([6, 8, 2]);
  });

  it('resamples image (B-spline) and mask (nearest) onto the new grid around the label', () => {
    const size: Vec3 = [20, 20, 10];
    const image = volume(size, [1, 1, 2], new Int16Array(filled(size, () => 50)));
    const mask = volume(size, [1, 1, 2], new Uint8Array(filled(size, (x, y, z) => (x >= 8 && x < 12 && y >= 8 && y < 12 && z >= 4 && z < 6 ? 1 : 0))));
    const out = pyradiomicsResample(image, mask, { spacing: [2, 2, 2], padDistance: 0 });
    expect(out.image.spacing).toEqual([2, 2, 2]);
    expect(countForeground(out.mask)).toBe(2 * 2 * 2);
    // A constant image stays constant under B-spline (up to the truncating cast).
    for (const v of out.image.data) expect(Math.abs(v - 50)).toBeLessThanOrEqual(1);
  });
});

describe('resampleMask', () => {
  it('keeps voxels whose interpolated fraction reaches the threshold', () => {
    const mask = volume([4, 1, 1], [1, 1, 1], new Uint8Array([0, 1, 1, 0]));
    const grid = { ...mask, size: [2, 1, 1] as Vec3, spacing: [2, 1, 1] as Vec3, origin: [0.5, 0, 0] as Vec3 };
    expect(Array.from(resampleMask(mask, grid).data)).toEqual([1, 1]);
    expect(Array.from(resampleMask(mask, grid, { threshold: 0.75 }).data)).toEqual([0, 0]);
  });

  it('selects the label and returns to the original grid unchanged for an integer factor', () => {
    const size: Vec3 = [8, 8, 4];
    const labels = volume(size, [1, 1, 1], new Uint8Array(filled(size, (x, y) => (x >= 2 && x < 6 && y >= 2 && y < 6 ? 2 : x === 0 ? 1 : 0))));
    const fine = resampleMask(labels, { ...labels, size: [16, 16, 8], spacing: [0.5, 0.5, 0.5], origin: [-0.25, -0.25, -0.25] }, { label: 2, interpolator: 'nearest' });
    expect(countForeground(fine)).toBe(16 * 4 * 8);
    const back = resampleLike(fine, labels, { interpolator: 'nearest' });
    expect(countForeground(back)).toBe(16 * 4);
  });
});
