/**
 * Resampling: onto any grid (another image's geometry), to a new spacing with IBSI centre
 * alignment, and PyRadiomics' `resampleImage` (grid around the mask's bounding box), with
 * nearest, trilinear and cubic B-spline (ITK `sitkBSpline`) interpolation, and masks by
 * partial-volume thresholding.
 */
import { EmptyRegionError, type ErrorWhere } from '../errors.js';
import { bsplineCoefficients, bsplineSampler } from './bspline.js';
import { cropImage, indexToWorld, invert3, maskBoundingBox, padBoundingBox, type Grid } from './geometry.js';
import type { Image3D, Vec3, VoxelArray } from './image.js';
import { separableResample } from './separable-resample.js';

export type Interpolator = 'nearest' | 'linear' | 'bspline';

export type OutputType = 'input' | 'float32' | 'float64';

export interface ResampleOptions {
  /** How values between voxel centres are computed. @default 'linear' */
  interpolator?: Interpolator;
  /**
   * What a point outside the input gets. `constant` is ITK's ResampleImageFilter (the outer half
   * voxel still counts as inside); `edge` extends the border voxels outwards.
   * @default { type: 'constant', value: 0 }
   */
  outside?: { type: 'constant'; value: number } | { type: 'edge' };
  /**
   * Voxel type of the output. `input` keeps the input's type and converts as ITK does
   * (clamp to the type's range, then truncate toward zero).
   * @default 'input'
   */
  outputType?: OutputType;
}

type Sampler = (x: number, y: number, z: number) => number;

function makeSampler(image: Image3D, interpolator: Interpolator): Sampler {
  const [sx, sy, sz] = image.size;
  const data = image.data;
  const clamp = (v: number, n: number) => (v < 0 ? 0 : v > n - 1 ? n - 1 : v);
  switch (interpolator) {
    case 'nearest':
      // ITK rounds half up (floor(x + 0.5)).
      return (x, y, z) => data[clamp(Math.floor(x + 0.5), sx) + clamp(Math.floor(y + 0.5), sy) * sx + clamp(Math.floor(z + 0.5), sz) * sx * sy];
    case 'linear':
      return (x, y, z) => {
        const x0 = Math.floor(x);
        const y0 = Math.floor(y);
        const z0 = Math.floor(z);
        const fx = x - x0;
        const fy = y - y0;
        const fz = z - z0;
        // Neighbours outside the buffer are clamped to its edge, as ITK's LinearInterpolateImageFunction.
        const xa = clamp(x0, sx);
        const xb = clamp(x0 + 1, sx);
        const ya = clamp(y0, sy) * sx;
        const yb = clamp(y0 + 1, sy) * sx;
        const za = clamp(z0, sz) * sx * sy;
        const zb = clamp(z0 + 1, sz) * sx * sy;
        const c00 = data[xa + ya + za] * (1 - fx) + data[xb + ya + za] * fx;
        const c10 = data[xa + yb + za] * (1 - fx) + data[xb + yb + za] * fx;
        const c01 = data[xa + ya + zb] * (1 - fx) + data[xb + ya + zb] * fx;
        const c11 = data[xa + yb + zb] * (1 - fx) + data[xb + yb + zb] * fx;
        return (c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz;
      };
    case 'bspline':
      return bsplineSampler(bsplineCoefficients(data, image.size), image.size);
    default: {
      const never: never = interpolator;
      throw new Error(`unknown interpolator ${never}`);
    }
  }
}

const RANGES: Record<string, [number, number]> = {
  Uint8Array: [0, 255],
  Int8Array: [-128, 127],
  Uint16Array: [0, 65535],
  Int16Array: [-32768, 32767],
  Uint32Array: [0, 4294967295],
  Int32Array: [-2147483648, 2147483647],
};

function allocate(input: VoxelArray, outputType: OutputType, length: number): VoxelArray {
  if (outputType === 'float32') return new Float32Array(length);
  if (outputType === 'float64') return new Float64Array(length);
  return new (input.constructor as new (n: number) => VoxelArray)(length);
}

/** Samples `image` at the voxel centres of `grid` (e.g. a mask back onto its original image). */
export function resampleToGrid(image: Image3D, grid: Grid, options: ResampleOptions = {}): Image3D {
  const interpolator = options.interpolator ?? 'linear';
  const outside = options.outside ?? { type: 'constant', value: 0 };
  const out = allocate(image.data, options.outputType ?? 'input', grid.size[0] * grid.size[1] * grid.size[2]);
  const range = RANGES[out.constructor.name];
  const [nx, ny, nz] = image.size;
  // Continuous input index = M · output index + t, with M = S_in⁻¹ D_in⁻¹ D_out S_out.
  const inv = invert3(image.direction);
  const m = new Float64Array(9);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let v = 0;
      for (let k = 0; k < 3; k++) v += inv[r * 3 + k] * grid.direction[k * 3 + c];
      m[r * 3 + c] = (v * grid.spacing[c]) / image.spacing[r];
    }
  }
  const d = [grid.origin[0] - image.origin[0], grid.origin[1] - image.origin[1], grid.origin[2] - image.origin[2]];
  const t = [0, 1, 2].map((r) => (inv[r * 3] * d[0] + inv[r * 3 + 1] * d[1] + inv[r * 3 + 2] * d[2]) / image.spacing[r]);
  const cast = (value: number) => (range ? (value < range[0] ? range[0] : value > range[1] ? range[1] : Math.trunc(value)) : value);
  const geometry = { size: [...grid.size] as Vec3, spacing: [...grid.spacing] as Vec3, origin: [...grid.origin] as Vec3, direction: [...grid.direction] };

  // Tiny off-diagonals (float32 headers) shift a sample by < 1e-6 voxel over 1000 voxels: treat as aligned.
  const axisAligned = [1, 2, 3, 5, 6, 7].every((k) => Math.abs(m[k]) < 1e-9);
  if (axisAligned) {
    const values = separableResample(image, interpolator, grid.size, t as Vec3, [m[0], m[4], m[8]], outside.type === 'edge' ? 'edge' : outside.value);
    if (range) {
      // Clamp here; storing into the integer array truncates toward zero, as ITK's cast does.
      const [lo, hi] = range;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v < lo) values[i] = lo;
        else if (v > hi) values[i] = hi;
      }
    }
    out.set(values);
    return { ...geometry, data: out };
  }

  const sample = makeSampler(image, interpolator);
  let o = 0;
  for (let k = 0; k < grid.size[2]; k++) {
    for (let j = 0; j < grid.size[1]; j++) {
      let x = t[0] + m[1] * j + m[2] * k;
      let y = t[1] + m[4] * j + m[5] * k;
      let z = t[2] + m[7] * j + m[8] * k;
      for (let i = 0; i < grid.size[0]; i++, o++, x += m[0], y += m[3], z += m[6]) {
        let value: number;
        // ITK's IsInsideBuffer: the continuous index lies in [−0.5, n − 0.5).
        const inside = x >= -0.5 && x < nx - 0.5 && y >= -0.5 && y < ny - 0.5 && z >= -0.5 && z < nz - 0.5;
        if (inside) value = sample(x, y, z);
        else if (outside.type === 'constant') value = outside.value;
        else value = sample(Math.min(Math.max(x, 0), nx - 1), Math.min(Math.max(y, 0), ny - 1), Math.min(Math.max(z, 0), nz - 1));
        out[o] = cast(value);
      }
    }
  }
  return { ...geometry, data: out };
}

/** Resamples `image` onto `reference`'s grid (size, spacing, origin, direction). */
export function resampleLike(image: Image3D, reference: Grid, options: ResampleOptions = {}): Image3D {
  return resampleToGrid(image, reference, options);
}

/**
 * IBSI 1 §2.4 grid ("align grid centres"): n_b = ceil(n_a·s_a / s_b) voxels per axis, placed so the
 * centre of the new grid coincides with the centre of the old one.
 */
export function ibsiGrid(image: Grid, spacing: Vec3): Grid {
  const size = [0, 1, 2].map((i) => Math.ceil((image.size[i] * image.spacing[i]) / spacing[i] - 1e-9)) as Vec3;
  // Offset of the new first centre from the old one, along each image axis (mm).
  const shift = [0, 1, 2].map((i) => (image.spacing[i] * (image.size[i] - 1) - spacing[i] * (size[i] - 1)) / 2);
  const origin = indexToWorld(image, [shift[0] / image.spacing[0], shift[1] / image.spacing[1], shift[2] / image.spacing[2]]);
  return { size, spacing: [...spacing] as Vec3, origin, direction: [...image.direction] };
}

export interface ResampleToSpacingOptions extends ResampleOptions {
  /**
   * Where the new grid sits. `center` is IBSI's centre alignment; `origin` keeps the first voxel
   * centre and uses round(n·s_a/s_b) voxels (the common SimpleITK recipe).
   * @default 'center'
   */
  alignment?: 'center' | 'origin';
}

/** Resamples the whole image to a new spacing (mm). */
export function resampleToSpacing(image: Image3D, spacing: Vec3, options: ResampleToSpacingOptions = {}): Image3D {
  const alignment = options.alignment ?? 'center';
  let grid: Grid;
  if (alignment === 'center') {
    grid = ibsiGrid(image, spacing);
  } else {
    const size = [0, 1, 2].map((i) => Math.max(1, Math.round((image.size[i] * image.spacing[i]) / spacing[i]))) as Vec3;
    grid = { size, spacing: [...spacing] as Vec3, origin: [...image.origin] as Vec3, direction: [...image.direction] };
  }
  // IBSI's grid may reach half a new voxel past the old one; extending the edge avoids a dark rim.
  const outside = options.outside ?? (alignment === 'center' ? { type: 'edge' as const } : undefined);
  return resampleToGrid(image, grid, { ...options, outside });
}

export interface MaskResampleOptions {
  /** The label to keep; other labels count as background. @default 1 */
  label?: number;
  /** Interpolated mask fraction at or above which a voxel belongs to the region (IBSI: 0.5). @default 0.5 */
  threshold?: number;
  /** How the 0/1 mask is interpolated before thresholding. @default 'linear' */
  interpolator?: Interpolator;
}

/**
 * Resamples a mask by partial volume (IBSI 1 §2.4): the binary label map is interpolated
 * and voxels whose value reaches the threshold are kept. Returns a 0/1 Uint8 mask.
 */
export function resampleMask(mask: Image3D, grid: Grid, options: MaskResampleOptions = {}): Image3D<Uint8Array<ArrayBuffer>> {
  const label = options.label ?? 1;
  const threshold = options.threshold ?? 0.5;
  const binary = new Float32Array(mask.data.length);
  for (let i = 0; i < binary.length; i++) binary[i] = mask.data[i] === label ? 1 : 0;
  const fraction = resampleToGrid({ ...mask, data: binary }, grid, { interpolator: options.interpolator ?? 'linear', outputType: 'float32' });
  const out = new Uint8Array(fraction.data.length);
  // A hair below the threshold so that an exact 0.5 from float rounding is still kept.
  for (let i = 0; i < out.length; i++) out[i] = fraction.data[i] >= threshold - 1e-6 ? 1 : 0;
  return { ...fraction, data: out };
}

export interface PyradiomicsResampleOptions {
  /** Target spacing (mm); a 0 keeps the mask's spacing on that axis. */
  spacing: Vec3;
  /** Image interpolator. @default 'bspline' (PyRadiomics' sitkBSpline) */
  interpolator?: Interpolator;
  /** Voxels (of the new grid) added around the mask bounding box. @default 5 */
  padDistance?: number;
  /** The mask label that defines the bounding box. @default 1 */
  label?: number;
  /** Site and case named in errors. @default {} */
  where?: ErrorWhere;
}

/** The output grid of PyRadiomics' `imageoperations.resampleImage`, or `undefined` when it would not resample. */
export function pyradiomicsGrid(image: Grid, mask: Image3D, options: PyradiomicsResampleOptions): Grid | undefined {
  const label = options.label ?? 1;
  const pad = options.padDistance ?? 5;
  const box = maskBoundingBox(mask, label);
  if (!box) throw new EmptyRegionError(`mask has no voxel with label ${label}`, options.where ?? {}, 'Check the label value or the segmentation');
  const bbSize = [0, 1, 2].map((i) => box.upper[i] - box.lower[i] + 1);
  // A 0 spacing keeps the mask's; an axis where the label spans one slice is not resampled.
  const spacing = [0, 1, 2].map((i) => (options.spacing[i] === 0 || bbSize[i] === 1 ? mask.spacing[i] : options.spacing[i])) as Vec3;
  // numpy.allclose(imageSpacing, newSpacing): |a − b| ≤ 1e-8 + 1e-5·|b|
  if (spacing.every((s, i) => Math.abs(image.spacing[i] - s) <= 1e-8 + 1e-5 * Math.abs(s))) return undefined;
  const ratio = [0, 1, 2].map((i) => mask.spacing[i] / spacing[i]);
  const size: Vec3 = [0, 0, 0];
  const lowerIndex: Vec3 = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    let lower = Math.floor((box.lower[i] - 0.5) * ratio[i] - pad);
    let upper = Math.ceil((box.lower[i] + bbSize[i] - 0.5) * ratio[i] + pad);
    const maxUpper = Math.ceil(mask.size[i] * ratio[i]) - 1;
    if (lower < 0) lower = 0;
    if (upper > maxUpper) upper = maxUpper;
    size[i] = upper - lower + 1;
    // Continuous index (old grid) of the new first voxel centre: half a new voxel in from the old corner.
    lowerIndex[i] = (0.5 * (spacing[i] - mask.spacing[i])) / mask.spacing[i] + lower / ratio[i];
  }
  return { size, spacing, origin: indexToWorld(mask, lowerIndex), direction: [...mask.direction] };
}

/**
 * PyRadiomics' `resampleImage`: image (B-spline by default, ITK cast to the input type) and mask
 * (nearest neighbour) on a grid of the new spacing around the mask's bounding box. When the spacing
 * already matches, the mask is put on the image grid and both are cropped to the label box
 * (padDistance voxels, 0 when not given — as PyRadiomics' cropToTumorMask).
 */
export function pyradiomicsResample(image: Image3D, mask: Image3D, options: PyradiomicsResampleOptions): { image: Image3D; mask: Image3D } {
  const grid = pyradiomicsGrid(image, mask, options);
  if (!grid) {
    const onImage = resampleToGrid(mask, image, { interpolator: 'nearest' });
    const label = options.label ?? 1;
    const box = maskBoundingBox(onImage, label);
    if (!box) throw new EmptyRegionError(`mask has no voxel with label ${label} on the image grid`, options.where ?? {}, 'Check that mask and image overlap');
    const padded = padBoundingBox(box, options.padDistance ?? 0, onImage.size);
    return { image: cropImage(image, padded), mask: cropImage(onImage, padded) };
  }
  return {
    image: resampleToGrid(image, grid, { interpolator: options.interpolator ?? 'bspline' }),
    mask: resampleToGrid(mask, grid, { interpolator: 'nearest' }),
  };
}
