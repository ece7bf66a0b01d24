/**
 * IBSI 1 reference values (refdata/ibsi/reference_values) and the processing configurations of the
 * digital phantom and the CT phantom (A–E), expressed as our settings; computes every reference row.
 */
import { readFileSync } from 'node:fs';
import { readImage } from '../../core/image/io.js';
import type { Image3D } from '../../core/image/image.js';
import { refdataPath } from '../helpers/refdata.js';
import { FIRSTORDER_TABLE, SHAPE_TABLE } from '../../plugins/radiomics/feature-table.js';
import { firstOrderFeatures } from '../../plugins/radiomics/firstorder.js';
import { discretise } from '../../plugins/radiomics/preprocess/discretise.js';
import { prepareCase } from '../../plugins/radiomics/preprocess/prepare-case.js';
import { defaultSettings, type ExtractionSettings } from '../../plugins/radiomics/settings.js';
import { shapeFeatures } from '../../plugins/radiomics/shape/shape3d.js';
import { localIntensityFeatures } from '../../plugins/radiomics/local-intensity.js';
import { ivhFeatures } from '../../plugins/radiomics/ivh.js';
import {
  GLCM_FEATURES, glcmFeatures, GLDZM_FEATURES, gldzmFeatures, GLRLM_FEATURES, glrlmFeatures, GLSZM_FEATURES, glszmFeatures,
  NGLDM_FEATURES, ngldmFeatures, NGTDM_FEATURES, ngtdmFeatures,
  type DirectionalAggregation, type DiscretisedRegion, type FeatureDef, type ZoneAggregation,
} from '../../plugins/radiomics/texture/index.js';
import { parseCsv } from '../../core/tables/csv.js';

export interface ReferenceRow {
  family: string;
  feature: string;
  ibsi: string;
  dataSet: string;
  aggregation: string;
  value: number;
  tolerance: number;
  tag: string;
}

/** Rows whose IBSI code is blank in the transcribed table: the manual's code for that feature. */
const MISSING_CODES: Record<string, string> = { 'glszm/Small zone emphasis': '5QRC' };

export function loadReferences(): ReferenceRow[] {
  const rows = parseCsv(readFileSync(refdataPath('ibsi', 'reference_values', 'ibsi1_reference_values.csv'), 'utf8'));
  const h = rows[0];
  const c = (n: string) => h.indexOf(n);
  return rows.slice(1).filter((r) => r.length === h.length && r[c('value')] !== '').map((r) => ({
    family: r[c('family')], feature: r[c('table_feature')],
    ibsi: r[c('ibsi_id')] || MISSING_CODES[`${r[c('family')]}/${r[c('table_feature')]}`] || '', dataSet: r[c('data_set')],
    aggregation: r[c('aggregation')], value: Number(r[c('value')]), tolerance: r[c('tolerance')] === '' ? 0 : Number(r[c('tolerance')]),
    tag: r[c('mirp_tag')],
  }));
}

/** MIRP's within_tolerance: round to 3 significant digits, then |x − ref| − tol ≤ machine epsilon. */
export function withinTolerance(x: number, ref: number, tol: number): boolean {
  if (!Number.isFinite(x)) return false;
  const rounded = x === 0 ? 0 : Number(x.toPrecision(3));
  return Math.abs(rounded - ref) - tol <= 1e-12 * Math.max(1, Math.abs(ref));
}

/** Our settings for each IBSI data set (see refdata/ibsi/README.md). */
export function ibsiSettings(dataSet: string): ExtractionSettings {
  const base: ExtractionSettings = {
    ...defaultSettings(), binningMode: 'ibsi', ibsiDefinitions: true, minimumROIDimensions: 1, padDistance: 10, interpolator: 'sitkLinear',
  };
  const ct3d = { resampledPixelSpacing: [2, 2, 2] as [number, number, number], resampleGrid: 'ibsi' as const, roundIntensities: true, maskPartialVolumeThreshold: 0.5 };
  switch (dataSet) {
    case 'digital_phantom': return { ...base, binWidth: 1 };
    case 'config_A': return { ...base, resegmentRange: [-500, 400], binWidth: 25 };
    case 'config_B': return { ...base, ...ct3d, resampledPixelSpacing: [2, 2, 0], resegmentRange: [-500, 400], binCount: 32 };
    case 'config_C': return { ...base, ...ct3d, resegmentRange: [-1000, 400], binWidth: 25, ivhBinWidth: 2.5 };
    case 'config_D': return { ...base, ...ct3d, outlierSigma: 3, binCount: 32 };
    case 'config_E': return { ...base, ...ct3d, interpolator: 'sitkBSpline', resegmentRange: [-1000, 400], outlierSigma: 3, binCount: 32, ivhBinCount: 1000 };
    default: throw new Error(`unknown IBSI data set ${dataSet}`);
  }
}

const DIRECTIONAL: Record<string, DirectionalAggregation> = {
  '2D, averaged': '2d-average', '2D, slice-merged': '2d-slice-merged', '2.5D, direction-merged': '2.5d-direction-merged',
  '2.5D, merged': '2.5d-merged', '3D, averaged': '3d-average', '3D, merged': '3d-merged',
};
const ZONE: Record<string, ZoneAggregation> = { '2D': '2d', '2.5D': '2.5d', '3D': '3d' };

type Computer = (r: DiscretisedRegion, aggregation: string) => Record<string, number>;
const TEXTURE: Record<string, { table: FeatureDef<never>[]; run: Computer }> = {
  glcm: { table: GLCM_FEATURES as FeatureDef<never>[], run: (r, a) => glcmFeatures(r, { aggregation: DIRECTIONAL[a], distances: [1], symmetric: true }) },
  glrlm: { table: GLRLM_FEATURES as FeatureDef<never>[], run: (r, a) => glrlmFeatures(r, { aggregation: DIRECTIONAL[a] }) },
  glszm: { table: GLSZM_FEATURES as FeatureDef<never>[], run: (r, a) => glszmFeatures(r, { aggregation: ZONE[a] }) },
  gldzm: { table: GLDZM_FEATURES as FeatureDef<never>[], run: (r, a) => gldzmFeatures(r, { aggregation: ZONE[a] }) },
  ngtdm: { table: NGTDM_FEATURES as FeatureDef<never>[], run: (r, a) => ngtdmFeatures(r, { aggregation: ZONE[a], countIsolated: false }) },
  ngldm: { table: NGLDM_FEATURES as FeatureDef<never>[], run: (r, a) => ngldmFeatures(r, { aggregation: ZONE[a], distances: [1], alpha: 0 }) },
};

export interface Outcome {
  row: ReferenceRow;
  value: number;
  pass: boolean;
  /** Why the row was not computed, if it was not. */
  skipped?: string;
}

const images = new Map<string, Image3D>();
async function read(...parts: string[]): Promise<Image3D> {
  const p = refdataPath(...parts);
  if (!images.has(p)) images.set(p, await readImage(p));
  return images.get(p)!;
}

/** Computes every reference row of one data set (families filter optional). */
export async function evaluateDataSet(dataSet: string, families?: string[], skipFamilies: string[] = []): Promise<Outcome[]> {
  const folder = dataSet === 'digital_phantom' ? 'digital_phantom' : 'ct_phantom';
  const image = await read('ibsi', folder, 'phantom.nii.gz');
  const mask = await read('ibsi', folder, 'mask.nii.gz');
  const s = ibsiSettings(dataSet);
  const p = prepareCase(image, mask, s);
  const { data, size, spacing } = p.image;
  const disc = discretise(data, p.roi, s.binCount !== null ? { type: 'binCount', count: s.binCount } : { type: 'binWidth', width: s.binWidth, min: p.resegmentLower ?? undefined }, { mode: 'ibsi' });
  const region: DiscretisedRegion = { levels: disc.levels, mask: p.roi, size, nLevels: disc.nLevels, morphologicalMask: p.shapeMask };
  const rows = loadReferences().filter((r) => r.dataSet === dataSet && (!families || families.includes(r.family)));

  let n = 0;
  for (let i = 0; i < p.roi.length; i++) n += p.roi[i];
  const values = new Float64Array(n);
  const levels = new Uint16Array(n);
  for (let i = 0, k = 0; i < p.roi.length; i++) if (p.roi[i]) { values[k] = data[i]; levels[k++] = disc.levels[i]; }
  const firstNames = FIRSTORDER_TABLE.filter((f) => f.tag && !f.tag.startsWith('loc_') && !f.tag.startsWith('ivh_')).map((f) => f.name.replace('firstorder_', ''));
  const cache = new Map<string, Record<string, number>>();
  const once = (key: string, f: () => Record<string, number>) => {
    if (!cache.has(key)) cache.set(key, f());
    return cache.get(key)!;
  };
  const nonTexture = (): Record<string, number> => once('non-texture', () => {
    const out: Record<string, number> = {};
    const fo = firstOrderFeatures({ values, levels, nLevels: disc.nLevels, voxelVolume: spacing[0] * spacing[1] * spacing[2] }, firstNames);
    for (const [k, v] of Object.entries(fo)) out[`firstorder_${k}`] = v;
    const range = s.resegmentRange && s.resegmentRange.length === 2 ? [s.resegmentRange[0], s.resegmentRange[1]] as [number, number] : null;
    for (const [k, v] of Object.entries(ivhFeatures(values, { binWidth: s.ivhBinWidth, binCount: s.ivhBinCount, range }))) out[`firstorder_${k}`] = v;
    for (const [k, v] of Object.entries(localIntensityFeatures(data, p.roi, size, spacing))) out[`firstorder_${k}`] = v;
    return out;
  });
  const shapeNames = SHAPE_TABLE.filter((f) => f.tag).map((f) => f.name.replace('shape_', ''));
  const shape = (withAutocorrelation: boolean) => once(`shape-${withAutocorrelation}`, () => {
    const names = shapeNames.filter((nm) => withAutocorrelation || (nm !== 'MoransI' && nm !== 'GearysC'));
    const f = shapeFeatures(p.shapeMask, size, spacing, names, { data, mask: p.roi }, 'sample');
    return Object.fromEntries(Object.entries(f).map(([k, v]) => [`shape_${k}`, v]));
  });

  const out: Outcome[] = [];
  for (const row of rows) {
    if (skipFamilies.includes(row.family)) continue;
    let value = NaN;
    let skipped: string | undefined;
    const tex = TEXTURE[row.family];
    if (tex) {
      const def = tex.table.find((f) => f.ibsi === row.ibsi);
      if (!def) skipped = `no ${row.family} feature with IBSI code ${row.ibsi}`;
      else value = once(`${row.family}/${row.aggregation}`, () => tex.run(region, row.aggregation))[def.name];
    } else if (row.family === 'morphology') {
      const auto = row.tag === 'morph_moran_i' || row.tag === 'morph_geary_c';
      const def = SHAPE_TABLE.find((f) => f.tag === row.tag);
      if (!def) skipped = `no morphology feature tagged ${row.tag}`;
      else value = shape(auto)[def.name];
    } else {
      const def = FIRSTORDER_TABLE.find((f) => f.tag === row.tag);
      if (!def) skipped = `no feature tagged ${row.tag}`;
      else value = nonTexture()[def.name];
    }
    out.push({ row, value, pass: !skipped && withinTolerance(value, row.value, row.tolerance), skipped });
  }
  return out;
}
