/**
 * GLRLM family: run-length matrices and their 16 features under the six IBSI aggregations.
 */
import { FeatureAverager, sumMatrices } from './aggregate.js';
import { neighbourOffsets } from './directions.js';
import { computeRunMatrices } from './glrlm-matrix.js';
import { prepareRegion, type PreparedRegion } from './region.js';
import { sizeCoefficients, sizeStat, type SizeCoefficients } from './size-features.js';
import type { DirectionalAggregation, DiscretisedRegion, FeatureDef, FeatureValues, Offset } from './types.js';
import { directionWeights, weightedSum, type WeightingNorm } from './weighting.js';

export const GLRLM_FEATURES: FeatureDef<SizeCoefficients>[] = [
  { name: 'ShortRunEmphasis', ibsi: '22OV', pyradiomics: true, compute: sizeStat.smallJ },
  { name: 'LongRunEmphasis', ibsi: 'W4KF', pyradiomics: true, compute: sizeStat.largeJ },
  { name: 'GrayLevelNonUniformity', ibsi: 'R5YN', pyradiomics: true, compute: sizeStat.greyNonUniformity },
  { name: 'GrayLevelNonUniformityNormalized', ibsi: 'OVBL', pyradiomics: true, compute: sizeStat.greyNonUniformityNormalised },
  { name: 'RunLengthNonUniformity', ibsi: 'W92Y', pyradiomics: true, compute: sizeStat.jNonUniformity },
  { name: 'RunLengthNonUniformityNormalized', ibsi: 'IC23', pyradiomics: true, compute: sizeStat.jNonUniformityNormalised },
  { name: 'RunPercentage', ibsi: '9ZK5', pyradiomics: true, compute: sizeStat.percentage },
  { name: 'GrayLevelVariance', ibsi: '8CE5', pyradiomics: true, compute: sizeStat.greyVariance },
  { name: 'RunVariance', ibsi: 'SXLW', pyradiomics: true, compute: sizeStat.jVariance },
  { name: 'RunEntropy', ibsi: 'HJ9O', pyradiomics: true, compute: sizeStat.entropy },
  { name: 'LowGrayLevelRunEmphasis', ibsi: 'V3SW', pyradiomics: true, compute: sizeStat.lowGrey },
  { name: 'HighGrayLevelRunEmphasis', ibsi: 'G3QZ', pyradiomics: true, compute: sizeStat.highGrey },
  { name: 'ShortRunLowGrayLevelEmphasis', ibsi: 'HTZT', pyradiomics: true, compute: sizeStat.smallJLowGrey },
  { name: 'ShortRunHighGrayLevelEmphasis', ibsi: 'GD3A', pyradiomics: true, compute: sizeStat.smallJHighGrey },
  { name: 'LongRunLowGrayLevelEmphasis', ibsi: 'IVPO', pyradiomics: true, compute: sizeStat.largeJLowGrey },
  { name: 'LongRunHighGrayLevelEmphasis', ibsi: '3KUM', pyradiomics: true, compute: sizeStat.largeJHighGrey },
];

export interface GlrlmOptions {
  /** How directions and slices are combined. @default '3d-average' (PyRadiomics' default) */
  aggregation?: DirectionalAggregation;
  /**
   * PyRadiomics `weightingNorm` for the merged aggregations ('3d-merged', '2.5d-merged'): direction matrices are
   * weighted by ‖d‖ in mm (from `region.spacing`) before summing. Unset or 'no_weighting' = plain sum.
   */
  weightingNorm?: WeightingNorm;
}

export interface GlrlmMatrices {
  /** Grey level of each row (levels present in the ROI). */
  grayLevels: Float64Array;
  /** Run length of each column: 1..max bounding-box extent. */
  runLengths: Float64Array;
  /** Direction of each matrix, PyRadiomics' angle order. */
  offsets: Offset[];
  /** Run counts per direction, ng×nr row-major. */
  matrices: Float64Array[];
}

/** Per-direction run-length counts over the whole ROI (13 3D directions, or 4 in-plane ones merged over slices). */
export function computeGlrlm(region: DiscretisedRegion, opts: { inPlane?: boolean } = {}): GlrlmMatrices {
  return glrlmOfPrepared(prepareRegion(region), opts.inPlane ?? false);
}

/** Over the volume, or one slice (in-plane). */
function glrlmOfPrepared(r: PreparedRegion, inPlane: boolean, slice?: number): GlrlmMatrices {
  const nr = Math.max(r.sx, r.sy, r.sz, 1);
  const offsets = neighbourOffsets({ inPlane, boxSize: [r.sx, r.sy, r.sz] });
  const runLengths = Float64Array.from({ length: nr }, (_, k) => k + 1);
  return { grayLevels: r.grayLevels, runLengths, offsets, matrices: computeRunMatrices(r, offsets, nr, slice) };
}

/** GLRLM features (GLRLM_FEATURES names). NaN when no run exists (empty ROI). */
export function glrlmFeatures(region: DiscretisedRegion, opts: GlrlmOptions = {}): FeatureValues {
  const r = prepareRegion(region);
  const aggregation = opts.aggregation ?? '3d-average';
  const norm = opts.weightingNorm ?? 'no_weighting';
  if (norm !== 'no_weighting' && aggregation !== '3d-merged' && aggregation !== '2.5d-merged') {
    throw new RangeError(`glrlm: weightingNorm '${norm}' merges directions; use aggregation '3d-merged' or '2.5d-merged' with it.`);
  }
  const avg = new FeatureAverager(GLRLM_FEATURES);
  const add = (g: GlrlmMatrices, m: Float64Array) => {
    const used = longestRun(m, g.grayLevels.length, g.runLengths.length);
    const runLengths = g.runLengths.subarray(0, used);
    const c = sizeCoefficients(cropColumns(m, g.grayLevels.length, g.runLengths.length, used), g.grayLevels, runLengths, 0);
    if (c.total === 0) return; // empty direction: PyRadiomics deletes it
    // PyRadiomics' run percentage divides by Σ P·j: the voxel count, times the number of merged directions.
    let np = 0;
    for (let k = 0; k < c.pj.length; k++) np += c.pj[k] * runLengths[k];
    c.np = np;
    avg.add(c);
  };
  const merged = (g: GlrlmMatrices) => sumMatrices(g.matrices, g.grayLevels.length * g.runLengths.length);
  switch (aggregation) {
    case '3d-average':
    case '2.5d-direction-merged': {
      const g = glrlmOfPrepared(r, aggregation !== '3d-average');
      for (const m of g.matrices) add(g, m);
      break;
    }
    case '3d-merged':
    case '2.5d-merged': {
      const g = glrlmOfPrepared(r, aggregation === '2.5d-merged');
      // Weighted like PyRadiomics: its run percentage then divides by the weighted Σ P·j too.
      add(g, weightedSum(g.matrices, directionWeights(g.offsets, norm, region.spacing, 'glrlm'), g.grayLevels.length * g.runLengths.length));
      break;
    }
    case '2d-average':
    case '2d-slice-merged':
      for (let z = 0; z < r.sz; z++) {
        const g = glrlmOfPrepared(r, true, z);
        if (aggregation === '2d-average') for (const m of g.matrices) add(g, m);
        else add(g, merged(g));
      }
      break;
    default: {
      const never: never = aggregation;
      throw new RangeError(`glrlm: unknown aggregation ${String(never)}`);
    }
  }
  return avg.result();
}

/*
 * Long runs are rare: most columns of an ng×nr run matrix past the longest run are empty. Every feature sum adds +0
 * for an empty column (sums of non-negative terms are never −0), so they are cropped before the features.
 */

/** Columns up to the longest run present (0 for an empty matrix). */
function longestRun(m: Float64Array, ng: number, nr: number): number {
  let used = 0;
  for (let i = 0; i < ng; i++) {
    for (let k = nr - 1; k >= used; k--) if (m[i * nr + k] !== 0) { used = k + 1; break; }
  }
  return used;
}

/** The first `used` columns of an ng×nr matrix (the matrix itself when none is dropped). */
function cropColumns(m: Float64Array, ng: number, nr: number, used: number): Float64Array {
  if (used === nr) return m;
  const out = new Float64Array(ng * used);
  for (let i = 0; i < ng; i++) out.set(m.subarray(i * nr, i * nr + used), i * used);
  return out;
}
