/**
 * A model ready to run: card, session and graph input, cached per process so a stage that
 * processes hundreds of cases creates its session once.
 */
import { graphInput, type GraphInput } from './model-fit.js';
import { resolveModel, type ResolvedModel, type ResolveModelOptions } from './registry.js';
import { createOnnxSession, type OnnxSession, type OnnxSessionOptions } from './session.js';

export interface LoadedModel extends ResolvedModel {
  onnx: OnnxSession;
  input: GraphInput;
}

export interface LoadModelOptions extends OnnxSessionOptions, ResolveModelOptions {
  /** Reuse a session made earlier in this process for the same file, device and threads. @default true */
  cache?: boolean;
}

const cache = new Map<string, Promise<LoadedModel>>();

export function loadModel(nameOrPath: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const resolved = resolveModel(nameOrPath, options);
  const key = JSON.stringify([resolved.onnxPath, options.device ?? 'cpu', options.intraOpThreads ?? null, options.interOpThreads ?? null]);
  const hit = options.cache === false ? undefined : cache.get(key);
  if (hit) return hit;
  const made = (async () => {
    const onnx = await createOnnxSession(resolved.onnxPath, options);
    return { ...resolved, onnx, input: graphInput(onnx.session, resolved.onnxPath) };
  })();
  if (options.cache !== false) {
    cache.set(key, made);
    made.catch(() => cache.delete(key));
  }
  return made;
}

/** Releases every cached session (tests, worker shutdown). */
export async function disposeModels(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  for (const m of all) await m.then((x) => x.onnx.session.release()).catch(() => undefined);
}
