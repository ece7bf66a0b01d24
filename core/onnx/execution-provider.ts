/**
 * Chooses onnxruntime execution providers from a stage's `device`. onnxruntime-node lists CUDA and
 * TensorRT as backends even when their provider libraries were never installed (its install script
 * downloads them), so we check for the shared libraries and for an NVIDIA driver before asking.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

/** What a stage asks for. `gpu` fails without a GPU; `gpu-preferred` falls back to CPU. */
export type Device = 'cpu' | 'gpu' | 'gpu-preferred';
export type ProviderName = 'cuda' | 'tensorrt' | 'cpu';

/** What this process can run on, as far as files and drivers tell. */
export interface AcceleratorProbe {
  /** `listSupportedBackends()` of onnxruntime-node: name and whether its binary is bundled. */
  backends: { name: string; bundled: boolean }[];
  /** `libonnxruntime_providers_cuda.so` sits next to the native binding. */
  cudaLibrary: boolean;
  /** `libonnxruntime_providers_tensorrt.so` sits next to the native binding. */
  tensorrtLibrary: boolean;
  /** An NVIDIA kernel driver is loaded (`/proc/driver/nvidia/version` or `/dev/nvidia0`). */
  nvidiaDriver: boolean;
  /** Folder of the native binding that was searched. */
  bindingDir: string;
}

export interface ProviderChoice {
  /** Providers in priority order, as given to `InferenceSession.create`. */
  providers: ProviderName[];
  /** Why this choice (logged, and kept in the stage's manifest). */
  reason: string;
}

export function probeAccelerators(): AcceleratorProbe {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('onnxruntime-node/package.json'));
  const bindingDir = join(pkgDir, 'bin', 'napi-v6', process.platform, process.arch);
  const files = existsSync(bindingDir) ? readdirSync(bindingDir) : [];
  const backends = (ort.listSupportedBackends?.() ?? []).map((b) => ({ name: b.name, bundled: b.bundled }));
  return {
    backends,
    cudaLibrary: files.some((f) => f.startsWith('libonnxruntime_providers_cuda')),
    tensorrtLibrary: files.some((f) => f.startsWith('libonnxruntime_providers_tensorrt')),
    nvidiaDriver: existsSync('/proc/driver/nvidia/version') || existsSync('/dev/nvidia0'),
    bindingDir,
  };
}

/**
 * Pure decision from a probe. Returns `null` providers with a reason when `device: 'gpu'` cannot be
 * honoured, so the caller raises a clear error instead of silently running on CPU.
 */
export function chooseProviders(device: Device, probe: AcceleratorProbe): ProviderChoice | { providers: null; reason: string } {
  if (device === 'cpu') return { providers: ['cpu'], reason: "device 'cpu' requested" };
  const listed = (name: string) => probe.backends.some((b) => b.name === name);
  const missing: string[] = [];
  if (process.platform !== 'linux' && process.platform !== 'win32') missing.push(`CUDA is not built for ${process.platform}`);
  if (!listed('cuda')) missing.push('this onnxruntime-node build lists no cuda backend');
  if (!probe.cudaLibrary) missing.push(`no libonnxruntime_providers_cuda.so in ${probe.bindingDir} (the .npmrc skips onnxruntime-node's download; on a GPU worker run: ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js)`);
  if (!probe.nvidiaDriver) missing.push('no NVIDIA driver on this machine (/proc/driver/nvidia/version absent)');
  if (missing.length === 0) {
    // TensorRT first when present: it falls through to CUDA for unsupported nodes.
    const providers: ProviderName[] = probe.tensorrtLibrary && listed('tensorrt') ? ['tensorrt', 'cuda', 'cpu'] : ['cuda', 'cpu'];
    return { providers, reason: `device '${device}': ${providers[0]} available` };
  }
  const why = missing.join('; ');
  if (device === 'gpu') return { providers: null, reason: why };
  return { providers: ['cpu'], reason: `device 'gpu-preferred' fell back to CPU: ${why}` };
}
