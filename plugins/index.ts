/**
 * The built-in stage types, by id. Add a plugin here to make it usable in a study.
 */
import type { Plugin } from '../core/plugin.js';
import segmentOnnx from './segment-onnx/plugin.js';
import deepFeatures from './deep-features/plugin.js';

export const builtinPlugins: Plugin[] = [
  segmentOnnx,
  deepFeatures,
];
