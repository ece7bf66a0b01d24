/**
 * IBSI 2 phase 2 (refdata/ibsi/ibsi2): intensity statistics of the CT phantom's response maps.
 * `.A` = per slice, no interpolation; `.B` = 3D after 1 mm cubic-spline resampling (IBSI grid, mask by
 * linear interpolation ≥ 0.5, intensities rounded to integers). ROI re-segmented to [−1000, 400] HU on the
 * unfiltered image.
 */
import { readFileSync } from 'node:fs';
import { cropImage, maskBoundingBox } from '../../core/image/geometry.js';
import { readImage } from '../../core/image/io.js';
import { firstOrderFeatures } from '../../plugins/radiomics/firstorder.js';
import { FIRSTORDER_TABLE } from '../../plugins/radiomics/feature-table.js';
import { ibsiLaplacianOfGaussian, meanFilter } from '../../plugins/radiomics/filters/ibsi2.js';
import { gaborFilter } from '../../plugins/radiomics/filters/ibsi2-gabor.js';
import { lawsFilter } from '../../plugins/radiomics/filters/ibsi2-laws.js';
import { separableWavelet } from '../../plugins/radiomics/filters/ibsi2-wavelet.js';
import { simoncelliFilter } from '../../plugins/radiomics/filters/ibsi2-simoncelli.js';
import { prepareCase, type PreparedCase } from '../../plugins/radiomics/preprocess/prepare-case.js';
import { defaultSettings } from '../../plugins/radiomics/settings.js';
import { refdataPath } from '../helpers/refdata.js';
import type { Vec3 } from '../../core/image/image.js';

export interface Ibsi2Row { filter: string; feature: string; tag: string; value: number; tolerance: number }

export function loadIbsi2(): Ibsi2Row[] {
  return readFileSync(refdataPath('ibsi', 'ibsi2', 'reference_values.csv'), 'utf8').trim().split('\n').slice(1).map((l) => {
    const [filter, feature, tag, value, tolerance] = l.split(';');
    return { filter, feature, tag, value: value === '' ? NaN : Number(value), tolerance: Number(tolerance) };
  }).filter((r) => !Number.isNaN(r.value)); // rows without a consensus value (8.B's quartile coefficient) check nothing
}

/** Filters we implement, by IBSI 2 filter number. */
export const IBSI2_FILTERS: Record<string, string> = {
  '1': 'none', '2': 'mean, support 5', '3': 'LoG σ 1.5 mm, truncate 4σ', '4': 'Laws L5E5E5 / L5E5, max pooling, energy δ 7',
  '5': 'Gabor σ 5 mm, λ 2 mm, γ 3/2, Δθ π/8, average pooling; 3D: orthogonal planes',
  '6': 'Daubechies 3 LLH / LH level 1, average pooling', '7': 'Daubechies 3 HHH / HH level 2, average pooling',
  '8': 'Simoncelli level 1', '9': 'Simoncelli level 2',
};


const prepared = new Map<string, PreparedCase>();

/** The ROI's bounding box on the extent's grid. */
function roiBoxIn(p: PreparedCase) {
  const box = maskBoundingBox({ size: p.image.size, data: p.roi })!;
  const shift = (v: Vec3) => v.map((c, a) => c + p.extent.lower[a]) as Vec3;
  return { lower: shift(box.lower), upper: shift(box.upper) };
}

/** The crop's part of an extent-sized response. */
function inCrop(p: PreparedCase, response: Float64Array): Float64Array {
  const { size } = p.image;
  return cropImage(
    { ...p.image, size: p.extent.size, data: response },
    { lower: p.extent.lower, upper: [0, 1, 2].map((a) => p.extent.lower[a] + size[a] - 1) as Vec3 },
  ).data as Float64Array;
}

export async function evaluateIbsi2(filterId: string): Promise<Array<Ibsi2Row & { got: number; pass: boolean }>> {
  const [num, variant] = filterId.split('.');
  const image = await readImage(refdataPath('ibsi', 'ct_phantom', 'phantom.nii.gz'));
  const mask = await readImage(refdataPath('ibsi', 'ct_phantom', 'mask.nii.gz'));
  const threeD = variant === 'B';
  const s = {
    ...defaultSettings(), minimumROIDimensions: 1, padDistance: 10, resegmentRange: [-1000, 400], binningMode: 'ibsi' as const,
    ...(threeD ? { resampledPixelSpacing: [1, 1, 1] as [number, number, number], resampleGrid: 'ibsi' as const, interpolator: 'sitkBSpline', maskPartialVolumeThreshold: 0.5, roundIntensities: true } : {}),
  };
  if (!prepared.has(variant)) prepared.set(variant, prepareCase(image, mask, s));
  const p = prepared.get(variant)!;
  // The crop keeps 10 voxels around the ROI (or reaches the image border), more than any kernel's reach
  // (mean 2, LoG 6, Laws 2 + energy 7 voxels), so filtering the crop gives the whole-image response inside the ROI.
  const inPlane = !threeD;
  const { data, size, spacing } = p.image;
  const response = num === '1' ? data
    : num === '2' ? meanFilter(data, size, 5, { inPlane })
    : num === '3' ? ibsiLaplacianOfGaussian(data, size, spacing, 1.5, { inPlane })
    : num === '4' ? lawsFilter(data, size, inPlane ? 'L5E5' : 'L5E5E5', { inPlane, energyDistance: 7 })
    : num === '6' ? separableWavelet(data, size, { filters: inPlane ? 'LH' : 'LLH', level: 1, inPlane })
    : num === '7' ? separableWavelet(data, size, { filters: inPlane ? 'HH' : 'HHH', level: 2, inPlane })
    // The Gabor kernel reaches 4σ = 20 mm, past the crop: filter the whole image, computing the ROI's box only.
    : num === '5' ? inCrop(p, gaborFilter(p.extent.data, p.extent.size, spacing, {
      sigmaMm: 5, lambdaMm: 2, gamma: 1.5, deltaTheta: Math.PI / 8, inPlane, read: roiBoxIn(p),
    }))
    // Fourier-domain filters see the whole image (periodic borders): filter it, then crop.
    : inCrop(p, simoncelliFilter(p.extent.data, p.extent.size, num === '8' ? 1 : 2, { inPlane }));
  const values = Float64Array.from(response.filter((_, i) => p.roi[i] === 1));
  const names = FIRSTORDER_TABLE.filter((f) => f.tag.startsWith('stat_')).map((f) => f.name.replace('firstorder_', ''));
  const f = firstOrderFeatures({ values, levels: new Uint16Array(values.length).fill(1), nLevels: 1, voxelVolume: 1 }, names);
  const byTag = new Map(FIRSTORDER_TABLE.filter((r) => r.tag).map((r) => [r.tag, r.name.replace('firstorder_', '')]));
  return loadIbsi2().filter((r) => r.filter === filterId).map((r) => {
    const got = f[byTag.get(r.tag)!];
    return { ...r, got, pass: Math.abs(got - r.value) <= r.tolerance };
  });
}
