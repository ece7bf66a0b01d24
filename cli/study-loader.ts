/** Loads a study file (TypeScript, default export = defineStudy(...)) and validates it. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { pathToFileURL } from 'node:url';
import type { StudySpec } from '../core/study.js';
import { StudyValidationError } from '../core/errors.js';
import { assertValidStudy } from '../core/study-validate.js';
import { pluginRegistry } from '../activities/plugin-registry.js';

export async function loadStudy(path: string): Promise<StudySpec> {
  const file = resolve(path);
  if (!existsSync(file)) throw new StudyValidationError(`no study file at ${file}`, { file }, 'Give the path to a *.study.ts file, e.g. studies/demo.study.ts');
  const mod = (await import(pathToFileURL(file).href)) as { default?: StudySpec };
  const spec = mod.default;
  if (!spec || typeof spec !== 'object' || !Array.isArray(spec.stages)) {
    throw new StudyValidationError('the study file has no default export made by defineStudy()', { file }, 'End the file with `export default defineStudy({...})`');
  }
  return inlineYamlParams(spec, dirname(file));
}

/**
 * A top-level param naming a .yaml/.yml file (e.g. a PyRadiomics params file) is read here, relative
 * to the study file, and replaced by its content: the spec then carries the settings to every site,
 * which need not have the file.
 */
export function inlineYamlParams(spec: StudySpec, studyDir: string): StudySpec {
  for (const stage of spec.stages) {
    for (const [key, value] of Object.entries(stage.params)) {
      if (typeof value !== 'string' || !/\.ya?ml$/i.test(value)) continue;
      const path = isAbsolute(value) ? value : resolve(studyDir, value);
      if (!existsSync(path)) throw new StudyValidationError(`stage ${stage.name}: params.${key} names ${value}, which does not exist next to the study`, { file: path }, 'Give a path relative to the study file, or an absolute path');
      stage.params[key] = parseYaml(readFileSync(path, 'utf8')) as unknown;
    }
  }
  return spec;
}

export async function loadValidStudy(path: string): Promise<StudySpec> {
  const spec = await loadStudy(path);
  assertValidStudy(spec, pluginRegistry);
  return spec;
}
