/**
 * Intensity normalisation as a model card prescribes, to float32 for the network.
 */
import { InvalidInputError } from '../errors.js';
import type { Normalization } from './model-card.js';

export function normalizeIntensities(data: ArrayLike<number>, norm: Normalization): Float32Array {
  const n = data.length;
  const out = new Float32Array(n);
  switch (norm.type) {
    case 'none':
      for (let i = 0; i < n; i++) out[i] = data[i];
      return out;
    case 'minmax': {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = data[i];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const range = max - min;
      if (!(range > 0)) throw new InvalidInputError(`image is constant (${min}); min-max normalisation is undefined`, {}, 'Check that the image file holds the scan');
      for (let i = 0; i < n; i++) out[i] = (data[i] - min) / range;
      return out;
    }
    case 'zscore': {
      let sum = 0;
      let sum2 = 0;
      let count = 0;
      for (let i = 0; i < n; i++) {
        const v = data[i];
        if (norm.nonzero && v === 0) continue;
        sum += v;
        sum2 += v * v;
        count++;
      }
      const mean = sum / count;
      const sd = Math.sqrt(Math.max(sum2 / count - mean * mean, 0));
      if (!(sd > 0)) throw new InvalidInputError(`image intensities have no spread (sd ${sd}); z-score normalisation is undefined`, {}, 'Check that the image file holds the scan');
      for (let i = 0; i < n; i++) out[i] = norm.nonzero && data[i] === 0 ? 0 : (data[i] - mean) / sd;
      return out;
    }
    case 'window': {
      const range = norm.max - norm.min;
      for (let i = 0; i < n; i++) out[i] = (Math.min(Math.max(data[i], norm.min), norm.max) - norm.min) / range;
      return out;
    }
    default: {
      const never: never = norm;
      throw new Error(`unknown normalization ${JSON.stringify(never)}`);
    }
  }
}
