/**
 * Reads PyRadiomics' baseline CSVs (refdata/pyradiomics/baseline) and the derived per-column settings,
 * turning each baseline column into our settings object. Shared by the radiomics conformance tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseCsv } from '../../core/tables/csv.js';
import { refdataPath } from '../helpers/refdata.js';
import { parseSettingsObject, type FeatureClassName, type RadiomicsSettings } from '../../plugins/radiomics/settings.js';

export interface BaselineColumn {
  featureClass: string;
  column: string;
  testCase: string;
  imageFile: string;
  maskFile: string;
  filesPresent: boolean;
  /** PyRadiomics' settings dict of this column. */
  settingsJson: Record<string, unknown>;
  /** SHA-1 of the image buffer and of the mask as uint32 (PyRadiomics diagnostics). */
  imageHash: string;
  maskHash: string;
  /** Expected values, by feature name (`original_<class>_<Feature>`). */
  expected: Record<string, number>;
}

export function baselineAvailable(): boolean {
  return existsSync(refdataPath('pyradiomics', 'baseline_settings.csv'));
}

export function loadBaseline(featureClass: string): BaselineColumn[] {
  const settingsRows = parseCsv(readFileSync(refdataPath('pyradiomics', 'baseline_settings.csv'), 'utf8'));
  const head = settingsRows[0];
  const col = (name: string) => head.indexOf(name);
  const values = parseCsv(readFileSync(refdataPath('pyradiomics', 'baseline', `baseline_${featureClass}.csv`), 'utf8'));
  const header = values[0];
  const out: BaselineColumn[] = [];
  for (const r of settingsRows.slice(1)) {
    if (r.length < head.length || r[col('feature_class')] !== featureClass) continue;
    const column = r[col('column')];
    const ci = header.indexOf(column);
    const expected: Record<string, number> = {};
    for (const v of values.slice(1)) {
      if (!v[0]?.startsWith('original_') || v[ci] === undefined || v[ci] === '') continue;
      expected[v[0]] = Number(v[ci]);
    }
    out.push({
      featureClass,
      column,
      testCase: r[col('test_case')],
      imageFile: r[col('image_file')],
      maskFile: r[col('mask_file')],
      filesPresent: r[col('files_present')] === 'yes',
      imageHash: r[col('image_hash_sha1')],
      maskHash: r[col('mask_hash_sha1_uint32')],
      settingsJson: JSON.parse(r[col('settings_json')]),
      expected,
    });
  }
  return out;
}

/** Our settings object for a baseline column: the PyRadiomics dict as `setting`, Original only, one class. */
export function settingsForBaseline(b: BaselineColumn): RadiomicsSettings {
  const setting: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b.settingsJson)) {
    // Keys that are empty in the dict fall back to PyRadiomics' defaults, as in PyRadiomics.
    if (v === null && !['resampledPixelSpacing', 'resegmentRange', 'weightingNorm', 'binCount', 'minimumROISize', 'removeOutliers'].includes(k)) continue;
    setting[k] = v;
  }
  return parseSettingsObject({
    setting,
    imageType: { Original: {} },
    featureClass: { [b.featureClass as FeatureClassName]: [] },
  });
}

/** Relative error as the issue defines it; a zero baseline must be matched exactly. */
export function relativeError(value: number, expected: number): number {
  if (expected === 0) return value === 0 ? 0 : Infinity;
  return Math.abs(value / expected - 1);
}
