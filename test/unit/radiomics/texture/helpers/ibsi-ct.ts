/**
 * IBSI 1 CT phantom under the manual's configurations A–E (chapter 5, refdata/ibsi/README.md), as DiscretisedRegions
 * for the texture conformance test. Interpolation is core/image/resample.ts (IBSI centre-aligned grid, partial-volume
 * mask at 0.5); rounding, re-segmentation, 3σ outlier filtering and FBS/FBN discretisation are written out here,
 * test-only. The morphological mask is the ROI before re-segmentation (GLDZM distances are measured to its border).
 * The CT phantom is CC BY-NC 3.0 (non-commercial use only).
 */
import type { Image3D, Vec3 } from '../../../../../core/image/image.js';
import { ibsiGrid, resampleMask, resampleToSpacing } from '../../../../../core/image/resample.js';
import type { DiscretisedRegion } from '../../../../../plugins/radiomics/texture/types.js';

export type CtConfig = 'A' | 'B' | 'C' | 'D' | 'E';

interface ConfigSpec {
  /** New spacing (mm); undefined = no interpolation; NaN keeps the axis (B: in-plane only). */
  spacing?: Vec3;
  interpolator?: 'linear' | 'bspline';
  range?: [number, number];
  outliers3Sigma?: boolean;
  discretisation: { type: 'fbs'; width: number; min: number } | { type: 'fbn'; bins: number };
}

const CONFIGS: Record<CtConfig, ConfigSpec> = {
  A: { range: [-500, 400], discretisation: { type: 'fbs', width: 25, min: -500 } },
  B: { spacing: [2, 2, NaN], interpolator: 'linear', range: [-500, 400], discretisation: { type: 'fbn', bins: 32 } },
  C: { spacing: [2, 2, 2], interpolator: 'linear', range: [-1000, 400], discretisation: { type: 'fbs', width: 25, min: -1000 } },
  D: { spacing: [2, 2, 2], interpolator: 'linear', outliers3Sigma: true, discretisation: { type: 'fbn', bins: 32 } },
  E: { spacing: [2, 2, 2], interpolator: 'bspline', range: [-1000, 400], outliers3Sigma: true, discretisation: { type: 'fbn', bins: 32 } },
};

export function ctPhantomRegion(image: Image3D, roi: Image3D, config: CtConfig): DiscretisedRegion {
  const spec = CONFIGS[config];
  let img = image;
  let morph: Uint8Array = new Uint8Array(roi.data.length);
  for (let i = 0; i < morph.length; i++) morph[i] = roi.data[i] ? 1 : 0;
  if (spec.spacing) {
    const spacing = spec.spacing.map((s, i) => (Number.isNaN(s) ? image.spacing[i] : s)) as Vec3;
    img = resampleToSpacing(image, spacing, { interpolator: spec.interpolator, outputType: 'float64' });
    morph = resampleMask(roi, ibsiGrid(roi, spacing), { threshold: 0.5, interpolator: 'linear' }).data;
  }
  const n = img.data.length;
  // The manual rounds CT intensities to integers after interpolation.
  const hu = new Float64Array(n);
  for (let i = 0; i < n; i++) hu[i] = Math.round(img.data[i]);
  const mask = new Uint8Array(n);
  const [lo, hi] = spec.range ?? [-Infinity, Infinity];
  for (let i = 0; i < n; i++) if (morph[i] && hu[i] >= lo && hu[i] <= hi) mask[i] = 1;
  if (spec.outliers3Sigma) {
    let s = 0, s2 = 0, c = 0;
    for (let i = 0; i < n; i++) if (mask[i]) { s += hu[i]; s2 += hu[i] * hu[i]; c++; }
    const mean = s / c, sd = Math.sqrt(s2 / c - mean * mean);
    for (let i = 0; i < n; i++) if (mask[i] && Math.abs(hu[i] - mean) > 3 * sd) mask[i] = 0;
  }
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    if (hu[i] < min) min = hu[i];
    if (hu[i] > max) max = hu[i];
  }
  const d = spec.discretisation;
  const levels = new Int32Array(n);
  let top = 0;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    levels[i] = d.type === 'fbs'
      ? Math.floor((hu[i] - d.min) / d.width) + 1
      : Math.min(d.bins, Math.floor((d.bins * (hu[i] - min)) / (max - min)) + 1);
    if (levels[i] > top) top = levels[i];
  }
  return { levels, mask, morphologicalMask: morph, size: img.size, nLevels: top, spacing: img.spacing };
}
