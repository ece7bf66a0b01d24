/**
 * Resampling of image and ROI for radiomics, delegating the interpolation to core/image.
 */
import { InvalidInputError } from '../../../core/errors.js';
import type { BoundingBox } from '../../../core/image/geometry.js';
import type { Image3D } from '../../../core/image/image.js';
import type { ExtractionSettings } from '../settings.js';

export function resampleForRadiomics(
  _image: Image3D<Float64Array>,
  _mask: Image3D<Uint8Array>,
  _box: BoundingBox,
  _s: ExtractionSettings,
): { image: Image3D<Float64Array>; mask: Image3D<Uint8Array> } {
  throw new InvalidInputError('resampledPixelSpacing is not supported yet (core/image resampling pending)', {}, 'Remove resampledPixelSpacing');
}
