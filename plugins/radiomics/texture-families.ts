/**
 * Binds the texture engineer's families (plugins/radiomics/texture) to PyRadiomics settings:
 * force2D → per-slice aggregations, weightingNorm 'no_weighting' → merged matrices, and selects
 * the enabled feature names (PyRadiomics' non-deprecated set when the list is empty).
 */
import { InvalidInputError } from '../../core/errors.js';
import {
  gldmFeatures, GLDM_FEATURES, gldzmFeatures, GLDZM_FEATURES, glcmFeatures, GLCM_FEATURES, glrlmFeatures, GLRLM_FEATURES,
  glszmFeatures, GLSZM_FEATURES, ngldmFeatures, NGLDM_FEATURES, ngtdmFeatures, NGTDM_FEATURES,
  type DirectionalAggregation, type DiscretisedRegion, type FeatureDef, type FeatureValues, type ZoneAggregation,
} from './texture/index.js';
import type { ExtractionSettings, FeatureClassName } from './settings.js';

interface Family {
  table: FeatureDef<never>[];
  /** `names`: the features wanted (families may skip the others). */
  compute(region: DiscretisedRegion, s: ExtractionSettings, names: string[]): FeatureValues;
}

/** PyRadiomics: any weightingNorm merges the directional matrices (weighted by distance unless no_weighting). */
function directional(s: ExtractionSettings): DirectionalAggregation {
  const merged = s.weightingNorm !== null;
  if (s.force2D) return merged ? '2.5d-merged' : '2.5d-direction-merged';
  return merged ? '3d-merged' : '3d-average';
}

function zone(s: ExtractionSettings): ZoneAggregation {
  return s.force2D ? '2.5d' : '3d';
}

export const TEXTURE_FAMILIES: Partial<Record<FeatureClassName, Family>> = {
  glcm: {
    table: GLCM_FEATURES as FeatureDef<never>[],
    compute: (r, s, names) => glcmFeatures(r, {
      distances: s.distances, symmetric: s.symmetricalGLCM, aggregation: directional(s), weightingNorm: s.weightingNorm ?? undefined, features: names,
    }),
  },
  glrlm: {
    table: GLRLM_FEATURES as FeatureDef<never>[],
    compute: (r, s) => glrlmFeatures(r, { aggregation: directional(s), weightingNorm: s.weightingNorm ?? undefined }),
  },
  glszm: {
    table: GLSZM_FEATURES as FeatureDef<never>[],
    compute: (r, s) => glszmFeatures(r, { aggregation: zone(s) }),
  },
  gldm: {
    table: GLDM_FEATURES as FeatureDef<never>[],
    compute: (r, s) => gldmFeatures(r, { aggregation: zone(s), distances: s.distances, alpha: s.gldm_a }),
  },
  ngtdm: {
    table: NGTDM_FEATURES as FeatureDef<never>[],
    compute: (r, s) => ngtdmFeatures(r, { aggregation: zone(s), distances: s.distances, countIsolated: !s.ibsiDefinitions }),
  },
  gldzm: {
    table: GLDZM_FEATURES as FeatureDef<never>[],
    compute: (r, s) => gldzmFeatures(r, { aggregation: zone(s) }),
  },
  ngldm: {
    table: NGLDM_FEATURES as FeatureDef<never>[],
    compute: (r, s) => ngldmFeatures(r, { aggregation: zone(s), distances: s.distances, alpha: s.gldm_a }),
  },
};

/** Default (empty list) = the family's PyRadiomics features, or all of them for IBSI-only families. */
export function enabledTextureNames(cls: FeatureClassName, requested: string[]): string[] {
  const fam = TEXTURE_FAMILIES[cls];
  if (!fam) return [];
  if (requested.length === 0) {
    const py = fam.table.filter((f) => f.pyradiomics).map((f) => f.name);
    return py.length > 0 ? py : fam.table.map((f) => f.name);
  }
  for (const name of requested) {
    if (!fam.table.some((f) => f.name === name)) {
      throw new InvalidInputError(`settings: featureClass.${cls} has no feature '${name}'`, {}, `Use one of ${fam.table.map((f) => f.name).join(', ')}`);
    }
  }
  return requested;
}

/**
 * Moves the force2D slice axis to z (the texture code slices along z). PyRadiomics numbers axes
 * in NumPy (z, y, x) order: 0 = z (no change), 1 = y, 2 = x.
 */
export function orientForForce2D(region: DiscretisedRegion, force2Ddimension: number): DiscretisedRegion {
  if (force2Ddimension === 0) return region;
  const [sx, sy, sz] = region.size;
  const axis = force2Ddimension === 1 ? 1 : 0; // our axis index (x=0, y=1)
  // New layout: (a, b, slice) where slice is the chosen axis.
  const dims = [sx, sy, sz];
  const keep = [0, 1, 2].filter((a) => a !== axis);
  const ns: [number, number, number] = [dims[keep[0]], dims[keep[1]], dims[axis]];
  const levels = new Uint16Array(sx * sy * sz);
  const mask = new Uint8Array(sx * sy * sz);
  const idx = [0, 0, 0];
  let i = 0;
  for (idx[2] = 0; idx[2] < sz; idx[2]++) {
    for (idx[1] = 0; idx[1] < sy; idx[1]++) {
      for (idx[0] = 0; idx[0] < sx; idx[0]++, i++) {
        const o = idx[keep[0]] + idx[keep[1]] * ns[0] + idx[axis] * ns[0] * ns[1];
        levels[o] = region.levels[i];
        mask[o] = region.mask[i];
      }
    }
  }
  return { levels, mask, size: ns, nLevels: region.nLevels };
}

export function textureFeatures(cls: FeatureClassName, region: DiscretisedRegion, s: ExtractionSettings, names: string[]): FeatureValues {
  const fam = TEXTURE_FAMILIES[cls];
  if (!fam) throw new InvalidInputError(`feature class ${cls} is not available yet`, {}, `Remove ${cls} from featureClass`);
  const r = s.force2D ? orientForForce2D(region, s.force2Ddimension) : region;
  const all = fam.compute(r, s, names);
  const out: FeatureValues = {};
  for (const n of names) out[n] = all[n];
  return out;
}
