/**
 * Binds an onnxruntime session to the sliding-window contract: one float32 input, one named output.
 */
import * as ort from 'onnxruntime-node';
import { ModelMismatchError } from '../errors.js';

export type BatchShape = [number, number, number, number, number];

export interface BatchRunner {
  (batch: Float32Array, shape: BatchShape): Promise<{ data: Float32Array; channels: number; dims: BatchShape }>;
}

/**
 * Runs `session` on [N, C, D, H, W] batches and returns `outputName`, checked to be 5D with the
 * input's N and, when `sameGrid` (segmentation), its D, H, W.
 */
export function sessionRunner(session: ort.InferenceSession, inputName: string, outputName: string, modelFile: string, sameGrid = true): BatchRunner {
  if (!session.outputNames.includes(outputName)) {
    throw new ModelMismatchError(`the model has no output '${outputName}' (it has ${session.outputNames.join(', ')})`, { file: modelFile }, 'Fix the outputs listed in the model card');
  }
  return async (batch, shape) => {
    const feeds = { [inputName]: new ort.Tensor('float32', batch, shape) };
    let result: ort.InferenceSession.ReturnType;
    try {
      result = await session.run(feeds, [outputName]);
    } catch (e) {
      // onnxruntime's own message (e.g. a Concat whose inputs differ) hides the cause: a window the graph cannot take.
      throw new ModelMismatchError(`onnxruntime failed on input [${shape.join(', ')}]: ${(e as Error).message.split('\n')[0]}`, { file: modelFile }, 'Use a window size the model accepts (a U-Net with k poolings needs multiples of 2^k; see the card roi)');
    }
    const t = result[outputName];
    const dims = t.dims;
    if (dims.length !== 5 || dims[0] !== shape[0] || (sameGrid && (dims[2] !== shape[2] || dims[3] !== shape[3] || dims[4] !== shape[4]))) {
      throw new ModelMismatchError(`model output '${outputName}' has shape [${dims.join(', ')}] for input [${shape.join(', ')}]; expected [N, K, D, H, W] with the input's N, D, H, W`, { file: modelFile }, 'Use a fully convolutional model whose output keeps the input grid');
    }
    return { data: t.data as Float32Array, channels: dims[1], dims: [...dims] as BatchShape };
  };
}
