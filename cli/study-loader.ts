/** Loads a study file (TypeScript, default export = defineStudy(...)) and validates it. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
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
  return spec;
}

export async function loadValidStudy(path: string): Promise<StudySpec> {
  const spec = await loadStudy(path);
  assertValidStudy(spec, pluginRegistry);
  return spec;
}
