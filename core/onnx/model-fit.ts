/**
 * Checks that a loaded graph fits the data before any voxel is processed: a 3D model takes one
 * 5D float input [N, C, D, H, W] with as many channels as we feed, and fixed spatial dims (if any)
 * must equal the window we send. Anything else is a ModelMismatchError that names both sides.
 */
import type * as ort from 'onnxruntime-node';
import { ModelMismatchError, type ErrorWhere } from '../errors.js';
import type { ModelCard } from './model-card.js';

export interface GraphInput {
  name: string;
  /** [N, C, D, H, W]; strings are symbolic (free) dims. */
  shape: (number | string)[];
}

/** The session's first tensor input, with its shape as onnxruntime reports it. */
export function graphInput(session: ort.InferenceSession, modelFile: string): GraphInput {
  const meta = session.inputMetadata[0];
  if (!meta || !meta.isTensor) throw new ModelMismatchError('the model has no tensor input', { file: modelFile }, 'Export the model with one float32 input [N, C, D, H, W]');
  if (meta.type !== 'float32') throw new ModelMismatchError(`model input '${meta.name}' is ${meta.type}, expected float32`, { file: modelFile }, 'Export the model with a float32 input');
  return { name: meta.name, shape: [...meta.shape] };
}

export function outputNames(session: ort.InferenceSession): string[] {
  return [...session.outputNames];
}

/**
 * Throws ModelMismatchError when the input is not rank 5, its channel count differs from
 * `channels`, or a fixed spatial dim differs from `window` ([x, y, z]; ONNX order is [z, y, x]).
 */
export function assertModelFits(input: GraphInput, want: { channels: number; window?: [number, number, number] }, modelFile: string, where: ErrorWhere = {}): void {
  const shape = input.shape;
  const at = { ...where, file: modelFile };
  const fix = 'Use a 3D model with input [N, C, D, H, W] (C = image channels), or change roi to the model\'s fixed size';
  if (shape.length !== 5) {
    throw new ModelMismatchError(`model input '${input.name}' has rank ${shape.length} [${shape.join(', ')}], expected rank 5 [N, C, D, H, W] for a 3D image`, at, fix);
  }
  const c = shape[1];
  if (typeof c === 'number' && c !== want.channels) {
    throw new ModelMismatchError(`model input '${input.name}' takes ${c} channels, the image has ${want.channels}`, at, fix);
  }
  if (want.window) {
    const zyx = [want.window[2], want.window[1], want.window[0]];
    for (let i = 0; i < 3; i++) {
      const d = shape[2 + i];
      if (typeof d === 'number' && d !== zyx[i]) {
        throw new ModelMismatchError(`model input '${input.name}' has a fixed spatial size [${shape.slice(2).join(', ')}] (D, H, W), but windows of [${zyx.join(', ')}] were asked for`, at, fix);
      }
    }
  }
}

/** The fixed spatial size [x, y, z] of the input, or null when any spatial dim is symbolic. */
export function fixedWindow(input: GraphInput): [number, number, number] | null {
  const [d, h, w] = input.shape.slice(2);
  return typeof d === 'number' && typeof h === 'number' && typeof w === 'number' ? [w, h, d] : null;
}

/** The card's output to use for class scores (role logits/probabilities), else the first. */
export function scoreOutput(card: ModelCard): string {
  return (card.outputs.find((o) => o.role === 'logits' || o.role === 'probabilities') ?? card.outputs[0]).name;
}
