/** ONNX model handling: registry and cards, sessions on the right provider, input checks. */
export * from './execution-provider.js';
export * from './model-card.js';
export * from './model-fit.js';
export * from './registry.js';
export * from './session.js';
export * from './runner.js';
export * from './load-model.js';
export * from './normalize.js';
export * from './orientation.js';
