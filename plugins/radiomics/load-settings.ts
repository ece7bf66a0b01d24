/**
 * Settings from what users give: a path to a PyRadiomics params YAML, an inline params object, or
 * nothing (PyRadiomics' defaults). A `label` argument overrides the file's.
 */
import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../../core/errors.js';
import { defaultRadiomicsSettings, parseSettingsObject, parseSettingsYaml, type RadiomicsSettings } from './settings.js';

export async function loadSettings(params?: string | Record<string, unknown> | null, label?: number): Promise<RadiomicsSettings> {
  let s: RadiomicsSettings;
  if (params === undefined || params === null) s = defaultRadiomicsSettings();
  else if (typeof params === 'string') {
    let text: string;
    try {
      text = await readFile(params, 'utf8');
    } catch {
      throw new InvalidInputError('cannot read the params file', { file: params }, 'Check the path to the PyRadiomics params YAML');
    }
    s = parseSettingsYaml(text, params);
  } else s = parseSettingsObject(params);
  if (label !== undefined) s = { ...s, setting: { ...s.setting, label } };
  return s;
}
