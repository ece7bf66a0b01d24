/**
 * Class scores to a label map: argmax over channels (softmax-type models; argmax of logits equals
 * argmax of probabilities), or per-channel sigmoid > threshold (label k+1 for channel k; where
 * several channels pass, the highest score wins).
 */
import type { Volume } from './sliding-window.js';

/** `scores: 'probabilities'` when the model already applied its sigmoid. */
export type Activation = { type: 'argmax' } | { type: 'sigmoid'; threshold: number; scores?: 'logits' | 'probabilities' };

export function scoresToLabels(scores: Volume, activation: Activation): Uint8Array {
  const n = scores.size[0] * scores.size[1] * scores.size[2];
  const c = scores.channels;
  const d = scores.data;
  if (c > 255) throw new RangeError(`${c} classes do not fit a uint8 mask`);
  const out = new Uint8Array(n);
  switch (activation.type) {
    case 'argmax':
      for (let i = 0; i < n; i++) {
        let best = 0;
        let bestV = d[i];
        // Strict > keeps the lowest class on ties, as torch.argmax does.
        for (let k = 1; k < c; k++) if (d[k * n + i] > bestV) (best = k), (bestV = d[k * n + i]);
        out[i] = best;
      }
      return out;
    case 'sigmoid': {
      // sigmoid(x) > t  ⇔  x > logit(t): no exp per voxel.
      const t = activation.threshold;
      const cut = activation.scores === 'probabilities' ? t : Math.log(t / (1 - t));
      for (let i = 0; i < n; i++) {
        let best = 0;
        let bestV = cut;
        for (let k = 0; k < c; k++) if (d[k * n + i] > bestV) (best = k + 1), (bestV = d[k * n + i]);
        out[i] = best;
      }
      return out;
    }
    default: {
      const never: never = activation;
      throw new Error(`unknown activation ${JSON.stringify(never)}`);
    }
  }
}
