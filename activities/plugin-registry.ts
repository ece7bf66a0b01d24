import type { Plugin } from '../core/plugin.js';
import { builtinPlugins } from '../plugins/index.js';
import { StudyValidationError } from '../core/errors.js';

export const pluginRegistry: ReadonlyMap<string, Plugin> = new Map(builtinPlugins.map((p) => [p.id, p]));

export function getPlugin<K extends Plugin['kind']>(type: string, kind: K): Extract<Plugin, { kind: K }> {
  const p = pluginRegistry.get(type);
  if (!p) throw new StudyValidationError(`unknown stage type "${type}"`, {}, `Known types: ${[...pluginRegistry.keys()].join(', ')}`);
  if (p.kind !== kind) throw new StudyValidationError(`"${type}" is a ${p.kind} stage type, not ${kind}`);
  return p as Extract<Plugin, { kind: K }>;
}
