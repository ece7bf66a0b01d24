/**
 * Image types: which filtered images a setting asks for, their PyRadiomics names, and applying them.
 */
import { InvalidInputError } from '../../../core/errors.js';
import type { BoundingBox } from '../../../core/image/geometry.js';
import type { Vec3 } from '../../../core/image/image.js';
import type { ExtractionSettings, ImageTypeName } from '../settings.js';
import { gradientMagnitude } from './gradient.js';
import { exponentialMap, logarithmMap, squareMap, squareRootMap } from './intensity-maps.js';
import { LBP_METHODS, lbp2D, lbpReach, type LbpMethod } from './lbp2d.js';
import { laplacianOfGaussian } from './log.js';
import { filterOutput } from './scratch.js';
import { WAVELET_BANDS, waveletCoif1 } from './wavelet.js';

export type FilterSpec =
  | { type: 'Original' }
  | { type: 'LoG'; sigma: number }
  | { type: 'Wavelet'; /** Bands whose x filter is this letter: two halves can run in parallel. */ xBand?: 'L' | 'H' }
  | { type: 'Square' }
  | { type: 'SquareRoot' }
  | { type: 'Logarithm' }
  | { type: 'Exponential' }
  | { type: 'Gradient' }
  | { type: 'LBP2D' };

export interface FilterInput {
  data: Float64Array;
  size: Vec3;
  spacing: Vec3;
  /** Largest |intensity| of the image PyRadiomics would filter (see intensity-maps.ts). */
  maxAbs?: number;
  /** The image PyRadiomics filters, and where `data` lies in it (LoG, and LBP2D reaching past the crop, run on it). */
  extent?: { data: Float64Array; size: Vec3; lower: Vec3 };
  /** The voxels the features will read (inclusive, in `data`'s grid; default: all). Filters may leave the others NaN. */
  readBox?: BoundingBox;
}

/**
 * Copies the `size` box at `lower` out of an x-fastest volume (as float64) into `out`, or a new array; only `read` of
 * it, when given (the rest NaN).
 */
function cropTo(src: Float64Array | Float32Array, srcSize: Vec3, lower: Vec3, size: Vec3, read?: BoundingBox, out?: Float64Array): Float64Array {
  const [nx, ny, nz] = size;
  out ??= new Float64Array(nx * ny * nz);
  const lo = read?.lower ?? [0, 0, 0], hi = read?.upper ?? [nx - 1, ny - 1, nz - 1];
  if (read) out.fill(NaN);
  const sx = srcSize[0], sxy = srcSize[0] * srcSize[1];
  // A plain loop: rows are short, and set(subarray()) per row costs more in calls and views than the copy itself.
  for (let z = lo[2]; z <= hi[2]; z++) {
    for (let y = lo[1]; y <= hi[1]; y++) {
      const start = lower[0] + (lower[1] + y) * sx + (lower[2] + z) * sxy;
      for (let x = lo[0], o = x + y * nx + z * nx * ny; x <= hi[0]; x++, o++) out[o] = src[start + x];
    }
  }
  return out;
}

const add = (a: Vec3, b: Vec3): [number, number, number] => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];

/** PyRadiomics writes str(sigma) with '.' → '-': YAML floats (1.0) give "1-0"; we always write one decimal at least. */
export function sigmaName(sigma: number): string {
  const s = Number.isInteger(sigma) ? sigma.toFixed(1) : String(sigma);
  return `log-sigma-${s.replace('.', '-')}-mm-3D`;
}

/** The filter tasks one image type expands to. */
export function filterNames(type: ImageTypeName, s: ExtractionSettings): FilterSpec[] {
  switch (type) {
    case 'Wavelet':
      return [{ type, xBand: 'L' }, { type, xBand: 'H' }];
    case 'Original':
    case 'Square':
    case 'SquareRoot':
    case 'Logarithm':
    case 'Exponential':
    case 'Gradient':
      return [{ type }];
    case 'LoG':
      return s.sigma.map((sigma) => ({ type: 'LoG', sigma }));
    case 'LBP2D':
      if (!(LBP_METHODS as readonly string[]).includes(s.lbp2DMethod)) {
        throw new InvalidInputError(`settings: lbp2DMethod '${s.lbp2DMethod}' is not implemented`, {}, `Use one of ${LBP_METHODS.join(', ')}`);
      }
      return [{ type }];
    case 'LBP3D':
      throw new InvalidInputError(`image type ${type} is not implemented`, {}, `Remove ${type} from imageType`);
    default: {
      const never: never = type;
      throw new Error(`unhandled image type ${String(never)}`);
    }
  }
}

/** LBP2D reads `lbp2DRadius` voxels around each ROI voxel: past the crop's padding it must run on the whole image. */
export function lbpNeedsExtent(s: ExtractionSettings): boolean {
  return lbpReach(s.lbp2DRadius) > s.padDistance;
}

/**
 * Applies a filter; returns each output image with its PyRadiomics image-type name. Outputs may be this thread's work
 * buffers (scratch.ts filterOutput): read them before the next call.
 */
export function applyFilter(spec: FilterSpec, input: FilterInput, s: ExtractionSettings): Array<{ name: string; data: Float64Array }> {
  const { data, size, spacing } = input;
  const maxAbs = (): number => {
    if (input.maxAbs === undefined) throw new Error(`filter ${spec.type}: maxAbs (the largest |intensity|) was not given`);
    return input.maxAbs;
  };
  switch (spec.type) {
    case 'Original':
      return [{ name: 'original', data }];
    case 'LoG': {
      const e = input.extent ?? { data, size, lower: [0, 0, 0] };
      const r = input.readBox;
      const inExtent = r && { lower: add(r.lower, e.lower), upper: add(r.upper, e.lower) };
      const log = laplacianOfGaussian(e.data, e.size, spacing, spec.sigma, inExtent);
      return [{ name: sigmaName(spec.sigma), data: cropTo(log, e.size, e.lower, size, r, filterOutput(0, size[0] * size[1] * size[2])) }];
    }
    case 'Wavelet': {
      const bands = waveletCoif1(data, size, WAVELET_BANDS.filter((b) => !spec.xBand || b[0] === spec.xBand), input.readBox);
      return [...bands].map(([band, d]) => ({ name: `wavelet-${band}`, data: d }));
    }
    case 'Square':
      return [{ name: 'square', data: squareMap(data, maxAbs()) }];
    case 'SquareRoot':
      return [{ name: 'squareroot', data: squareRootMap(data, maxAbs()) }];
    case 'Logarithm':
      return [{ name: 'logarithm', data: logarithmMap(data, maxAbs()) }];
    case 'Exponential':
      return [{ name: 'exponential', data: exponentialMap(data, maxAbs()) }];
    case 'Gradient':
      return [{ name: 'gradient', data: gradientMagnitude(data, size, spacing, s.gradientUseSpacing) }];
    case 'LBP2D': {
      const opts = { radius: s.lbp2DRadius, samples: s.lbp2DSamples, method: s.lbp2DMethod as LbpMethod, axis: s.force2Ddimension };
      const e = lbpNeedsExtent(s) ? input.extent : undefined;
      return [{ name: 'lbp-2D', data: e ? cropTo(lbp2D(e.data, e.size, opts), e.size, e.lower, size) : lbp2D(data, size, opts) }];
    }
    default: {
      const never: never = spec;
      throw new Error(`unhandled filter ${JSON.stringify(never)}`);
    }
  }
}
