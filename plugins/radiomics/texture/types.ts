/**
 * Shared input and table types of the IBSI texture families (GLCM, GLRLM, GLSZM, GLDZM, GLDM/NGLDM, NGTDM).
 */

/** A discretised region of interest: the input of every texture family. */
export interface DiscretisedRegion {
  /**
   * Grey levels, integers 1..nLevels where mask = 1 (values where mask = 0 are ignored).
   * x-fastest layout: index = x + y*sx + z*sx*sy. Any integer typed array works (Uint16Array, Int32Array …).
   */
  levels: ArrayLike<number>;
  /** 1 inside the region of interest, 0 outside. Same layout and length as `levels`. */
  mask: ArrayLike<number>;
  /** Size in voxels [sx, sy, sz]; slices (the 2D/2.5D unit) run along z. */
  size: [number, number, number];
  /**
   * Number of discretisation levels Ng. IBSI: the number of bins. PyRadiomics parity: the highest level present
   * in the ROI (PyRadiomics' `Ng`). Only the normalised GLCM features (Idn, Idmn) read it.
   */
  nLevels: number;
  /**
   * The ROI before intensity re-segmentation (IBSI's morphological mask), same layout as `mask`. GLDZM measures zone
   * distances to this mask's border, as IBSI prescribes; other families ignore it. @default mask
   */
  morphologicalMask?: ArrayLike<number>;
  /** Voxel spacing in mm; not used by the texture matrices (no distance weighting), kept for callers. */
  spacing?: [number, number, number];
}

/** Offset between a voxel and its neighbour, [dx, dy, dz]. */
export type Offset = [number, number, number];

/** GLCM / GLRLM texture aggregation (IBSI 1, section "Aggregating features"). */
export type DirectionalAggregation =
  /** IBSI BTW3: features per slice and in-plane direction, averaged over all of them. */
  | '2d-average'
  /** IBSI SUJT: per slice, the 4 in-plane matrices merged; features averaged over slices. */
  | '2d-slice-merged'
  /** IBSI JJUI: per in-plane direction, matrices merged over slices; features averaged over directions (PyRadiomics force2D). */
  | '2.5d-direction-merged'
  /** IBSI ZW7Z: all slices and in-plane directions merged into one matrix. */
  | '2.5d-merged'
  /** IBSI ITBB: per 3D direction over the volume, features averaged over directions (PyRadiomics default). */
  | '3d-average'
  /** IBSI IAZD: the 13 3D direction matrices merged (PyRadiomics weightingNorm 'no_weighting'). */
  | '3d-merged';

/** GLSZM / GLDZM / NGTDM / NGLDM / GLDM aggregation (IBSI 1). */
export type ZoneAggregation =
  /** Features per slice (in-plane neighbourhood), averaged over slices. */
  | '2d'
  /** Per-slice matrices (in-plane neighbourhood) merged over slices (PyRadiomics force2D). */
  | '2.5d'
  /** 3D neighbourhood over the volume (PyRadiomics default). */
  | '3d';

/** One row of a family's feature table: explicit, no reflection. */
export interface FeatureDef<C> {
  /** PyRadiomics name (`get<Name>FeatureValue`), or an IBSI-only name where PyRadiomics has none. */
  name: string;
  /** IBSI 1 four-character identifier; '' where IBSI defines no such feature. */
  ibsi: string;
  /** True when PyRadiomics computes this feature (non-deprecated), false for IBSI-only extras. */
  pyradiomics: boolean;
  compute: (c: C) => number;
}

export type FeatureValues = Record<string, number>;
