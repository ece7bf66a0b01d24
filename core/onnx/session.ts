/**
 * Creates onnxruntime sessions on the provider a stage's `device` allows, with explicit thread
 * counts. The chosen provider and the reason are logged and returned so the stage can record them.
 */
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import type { Logger } from 'pino';
import { InvalidInputError } from '../errors.js';
import { chooseProviders, probeAccelerators, type AcceleratorProbe, type Device, type ProviderName } from './execution-provider.js';

export interface OnnxSessionOptions {
  /** Where to run. @default 'cpu' */
  device?: Device;
  /** Threads inside one operator (CPU EP). @default number of CPUs available to the process */
  intraOpThreads?: number;
  /** Threads across independent operators. @default 1 */
  interOpThreads?: number;
  /** Logger for the provider decision; silent when absent. */
  log?: Pick<Logger, 'info' | 'warn'>;
  /** Override the hardware probe (tests of the decision logic). @default probeAccelerators() */
  probe?: AcceleratorProbe;
}

export interface OnnxSession {
  session: ort.InferenceSession;
  /** Provider the session was created with (first of the list that worked). */
  provider: ProviderName;
  reason: string;
  intraOpThreads: number;
}

export async function createOnnxSession(modelPath: string, options: OnnxSessionOptions = {}): Promise<OnnxSession> {
  const device = options.device ?? 'cpu';
  const intraOpThreads = options.intraOpThreads ?? defaultThreads();
  const interOpThreads = options.interOpThreads ?? 1;
  const choice = chooseProviders(device, options.probe ?? probeAccelerators());
  if (choice.providers === null) {
    throw new InvalidInputError(`device 'gpu' requested but no GPU execution provider is usable: ${choice.reason}`, { file: modelPath }, "Run the stage on a GPU worker, or use device 'gpu-preferred' or 'cpu'");
  }
  const base: ort.InferenceSession.SessionOptions = { intraOpNumThreads: intraOpThreads, interOpNumThreads: interOpThreads, graphOptimizationLevel: 'all' };
  let providers = choice.providers;
  let reason = choice.reason;
  try {
    const session = await ort.InferenceSession.create(modelPath, { ...base, executionProviders: providers });
    options.log?.info({ model: modelPath, provider: providers[0], intraOpThreads, reason }, 'onnx session created');
    return { session, provider: providers[0], reason, intraOpThreads };
  } catch (e) {
    // A GPU provider can still fail at load (driver/CUDA version skew): fall back only if allowed.
    if (providers[0] === 'cpu' || device === 'gpu') {
      throw new InvalidInputError(`onnxruntime cannot load the model on ${providers[0]}: ${(e as Error).message}`, { file: modelPath }, 'Check that the file is a valid ONNX model for onnxruntime 1.30');
    }
    reason = `device '${device}' fell back to CPU: ${providers[0]} failed to start (${(e as Error).message})`;
    providers = ['cpu'];
    options.log?.warn({ model: modelPath, reason }, 'onnx GPU provider failed; using CPU');
    const session = await ort.InferenceSession.create(modelPath, { ...base, executionProviders: providers });
    return { session, provider: 'cpu', reason, intraOpThreads };
  }
}

function defaultThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}
