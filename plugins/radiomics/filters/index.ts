/**
 * Image types: which filtered images a setting asks for, their PyRadiomics names, and applying them.
 */
import { InvalidInputError } from '../../../core/errors.js';
import type { Vec3 } from '../../../core/image/image.js';
import type { ExtractionSettings, ImageTypeName } from '../settings.js';
import { gradientMagnitude } from './gradient.js';
import { exponentialMap, logarithmMap, squareMap, squareRootMap } from './intensity-maps.js';
import { laplacianOfGaussian } from './log.js';
import { WAVELET_BANDS, waveletCoif1 } from './wavelet.js';

export type FilterSpec =
  | { type: 'Original' }
  | { type: 'LoG'; sigma: number }
  | { type: 'Wavelet' }
  | { type: 'Square' }
  | { type: 'SquareRoot' }
  | { type: 'Logarithm' }
  | { type: 'Exponential' }
  | { type: 'Gradient' };

export interface FilterInput {
  data: Float64Array;
  size: Vec3;
  spacing: Vec3;
  /** Largest |intensity| of the image PyRadiomics would filter (see intensity-maps.ts). */
  maxAbs: number;
}

/** PyRadiomics writes str(sigma) with '.' → '-': YAML floats (1.0) give "1-0"; we always write one decimal at least. */
export function sigmaName(sigma: number): string {
  const s = Number.isInteger(sigma) ? sigma.toFixed(1) : String(sigma);
  return `log-sigma-${s.replace('.', '-')}-mm-3D`;
}

/** The filter tasks one image type expands to. */
export function filterNames(type: ImageTypeName, s: ExtractionSettings): FilterSpec[] {
  switch (type) {
    case 'Original':
    case 'Wavelet':
    case 'Square':
    case 'SquareRoot':
    case 'Logarithm':
    case 'Exponential':
    case 'Gradient':
      return [{ type }];
    case 'LoG':
      return s.sigma.map((sigma) => ({ type: 'LoG', sigma }));
    case 'LBP3D':
      throw new InvalidInputError('image type LBP3D is not implemented', {}, 'Remove LBP3D from imageType');
    default: {
      const never: never = type;
      throw new Error(`unhandled image type ${String(never)}`);
    }
  }
}

/** Applies a filter; returns each output image with its PyRadiomics image-type name. */
export function applyFilter(spec: FilterSpec, input: FilterInput, s: ExtractionSettings): Array<{ name: string; data: Float64Array }> {
  const { data, size, spacing, maxAbs } = input;
  switch (spec.type) {
    case 'Original':
      return [{ name: 'original', data }];
    case 'LoG':
      return [{ name: sigmaName(spec.sigma), data: laplacianOfGaussian(data, size, spacing, spec.sigma) }];
    case 'Wavelet': {
      const bands = waveletCoif1(data, size, WAVELET_BANDS);
      return [...bands].map(([band, d]) => ({ name: `wavelet-${band}`, data: d }));
    }
    case 'Square':
      return [{ name: 'square', data: squareMap(data, maxAbs) }];
    case 'SquareRoot':
      return [{ name: 'squareroot', data: squareRootMap(data, maxAbs) }];
    case 'Logarithm':
      return [{ name: 'logarithm', data: logarithmMap(data, maxAbs) }];
    case 'Exponential':
      return [{ name: 'exponential', data: exponentialMap(data, maxAbs) }];
    case 'Gradient':
      return [{ name: 'gradient', data: gradientMagnitude(data, size, spacing, s.gradientUseSpacing) }];
    default: {
      const never: never = spec;
      throw new Error(`unhandled filter ${JSON.stringify(never)}`);
    }
  }
}
