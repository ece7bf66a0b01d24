/**
 * Post-processing: keep only the largest 26-connected component of each label, which removes
 * scattered false positives (a lesion model predicting specks elsewhere).
 */
import type { Vec3 } from '../../core/image/image.js';
import { identityDirection } from '../../core/image/image.js';
import { largestConnectedComponent, splitLabels } from '../../core/image/mask.js';

export function keepLargestComponents(labels: Uint8Array, size: Vec3): Uint8Array {
  const grid = { size, spacing: [1, 1, 1] as Vec3, origin: [0, 0, 0] as Vec3, direction: identityDirection() };
  const out = new Uint8Array(labels.length);
  for (const [label, binary] of splitLabels({ ...grid, data: labels })) {
    const kept = largestConnectedComponent(binary, 26).data;
    for (let i = 0; i < out.length; i++) if (kept[i]) out[i] = label;
  }
  return out;
}
