/**
 * GLCM family: co-occurrence matrices and their features under the six IBSI aggregations.
 * Feature table (names, IBSI codes): GLCM_FEATURES in glcm-features.ts.
 */
import { FeatureAverager, sumMatrices } from './aggregate.js';
import { neighbourOffsets } from './directions.js';
import { accumulateGlcm, sumOf, symmetrise } from './glcm-matrix.js';
import { GLCM_FEATURES, glcmCoefficients, type GlcmCoefficients } from './glcm-features.js';
import { prepareRegion, type PreparedRegion } from './region.js';
import type { DirectionalAggregation, DiscretisedRegion, FeatureValues, Offset } from './types.js';
import { directionWeights, weightedSum, type WeightingNorm } from './weighting.js';

export { GLCM_FEATURES } from './glcm-features.js';

export interface GlcmOptions {
  /** Chebyshev distances of the neighbour pairs (PyRadiomics `distances`). @default [1] */
  distances?: number[];
  /** Count each pair both ways (PyRadiomics `symmetricalGLCM`, IBSI). @default true */
  symmetric?: boolean;
  /** How directions and slices are combined. @default '3d-average' (PyRadiomics' default) */
  aggregation?: DirectionalAggregation;
  /**
   * PyRadiomics `weightingNorm` for the merged aggregations ('3d-merged', '2.5d-merged'): direction matrices are
   * weighted by exp(−‖d‖²), ‖d‖ in mm from `region.spacing`, before summing. Unset or 'no_weighting' = plain sum.
   */
  weightingNorm?: WeightingNorm;
  /** Only these features (GLCM_FEATURES names), e.g. to skip MCC's eigen-decomposition. @default all */
  features?: string[];
}

export interface GlcmMatrices {
  /** Grey level of each row/column (levels present in the ROI; PyRadiomics deletes the empty ones). */
  grayLevels: Float64Array;
  /** Direction of each matrix, [dx, dy, dz], in PyRadiomics' angle order. */
  offsets: Offset[];
  /** Raw counts per direction, ng×ng row-major (row = centre voxel level); symmetrised when `symmetric`. */
  matrices: Float64Array[];
}

/**
 * Per-direction co-occurrence counts over the whole ROI: 13 3D directions, or the 4 in-plane ones with `inPlane`
 * (merged over slices). Directions longer than the ROI's bounding box are left out, as in PyRadiomics.
 */
export function computeGlcm(region: DiscretisedRegion, opts: Omit<GlcmOptions, 'aggregation'> & { inPlane?: boolean } = {}): GlcmMatrices {
  return glcmOfPrepared(prepareRegion(region), opts.distances, opts.symmetric ?? true, opts.inPlane ?? false);
}

function glcmOfPrepared(r: PreparedRegion, distances: number[] | undefined, symmetric: boolean, inPlane: boolean, z0 = 0, z1 = r.sz): GlcmMatrices {
  const ng = r.grayLevels.length;
  const offsets = neighbourOffsets({ distances, inPlane, boxSize: [r.sx, r.sy, r.sz] });
  const matrices = offsets.map(() => new Float64Array(ng * ng));
  accumulateGlcm(r, offsets, matrices, z0, z1);
  if (symmetric) for (const m of matrices) symmetrise(m, ng);
  return { grayLevels: r.grayLevels, offsets, matrices };
}

/** GLCM features (GLCM_FEATURES names) of a discretised region. Undefined aggregates (no neighbour pair) are NaN. */
export function glcmFeatures(region: DiscretisedRegion, opts: GlcmOptions = {}): FeatureValues {
  const r = prepareRegion(region);
  const symmetric = opts.symmetric ?? true;
  const aggregation = opts.aggregation ?? '3d-average';
  const norm = opts.weightingNorm ?? 'no_weighting';
  if (norm !== 'no_weighting' && aggregation !== '3d-merged' && aggregation !== '2.5d-merged') {
    throw new RangeError(`glcm: weightingNorm '${norm}' merges directions; use aggregation '3d-merged' or '2.5d-merged' with it.`);
  }
  const wanted = opts.features;
  const avg = new FeatureAverager(wanted ? GLCM_FEATURES.filter((f) => wanted.includes(f.name)) : GLCM_FEATURES);
  const roiLevels = r.grayLevels.length;
  const ng = roiLevels;
  // Empty matrices (a direction without pairs) are skipped, as PyRadiomics deletes empty angles.
  const add = (m: Float64Array) => {
    if (sumOf(m) > 0) avg.add(glcmCoefficients(m, r.grayLevels, r.nLevels, roiLevels) as GlcmCoefficients);
  };
  switch (aggregation) {
    case '3d-average':
    case '2.5d-direction-merged': {
      const g = glcmOfPrepared(r, opts.distances, symmetric, aggregation !== '3d-average');
      g.matrices.forEach(add);
      break;
    }
    case '3d-merged':
    case '2.5d-merged': {
      const g = glcmOfPrepared(r, opts.distances, symmetric, aggregation === '2.5d-merged');
      add(weightedSum(g.matrices, directionWeights(g.offsets, norm, region.spacing, 'glcm'), ng * ng));
      break;
    }
    case '2d-average':
    case '2d-slice-merged':
      for (let z = 0; z < r.sz; z++) {
        const g = glcmOfPrepared(r, opts.distances, symmetric, true, z, z + 1);
        if (aggregation === '2d-average') g.matrices.forEach(add);
        else add(sumMatrices(g.matrices, ng * ng));
      }
      break;
    default: {
      const never: never = aggregation;
      throw new RangeError(`glcm: unknown aggregation ${String(never)}`);
    }
  }
  return avg.result();
}
