/**
 * The built-in stage types, by id. Add a plugin here to make it usable in a study.
 */
import type { Plugin } from '../core/plugin.js';

export const builtinPlugins: Plugin[] = [
];
