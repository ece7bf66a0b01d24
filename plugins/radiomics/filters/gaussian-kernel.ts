/**
 * The WebAssembly kernel of the recursive Gaussian (recursive-gaussian.wat: two lines at a time in f64x2 lanes, the
 * scalar code's arithmetic in its order) and the memory its arrays live in, one instance per thread. Arrays from
 * gaussianWorkspace() live there; recursiveGaussianPass sends line pairs to the kernel when all its arrays do.
 */
import { ensureBytes, instantiate } from '../wasm.js';
import { WASM_BASE64 } from './recursive-gaussian.wasm.js';

/** Kernel memory starts with the taps (44 f64) and, from byte 512, the causal responses of a line pair (32 B each). */
const TAPS = 0, RESPONSES = 512, HEADER = 65536;
/** Longer lines go to the scalar code. */
export const MAX_KERNEL_LINE = (HEADER - RESPONSES) / 32;

interface Kernel {
  memory: WebAssembly.Memory;
  configure(a: number, b: number, d1: number, d2: number, taps: number, responses: number, aWide: number, hasB: number, two: number): void;
  linePair(o: number, lane: number, st: number, ln: number, from: number, to: number): void;
}

let kernel: Kernel | null = null;
function instance(): Kernel {
  kernel ??= instantiate<Kernel>(WASM_BASE64);
  return kernel;
}

let workspace: { buffer: ArrayBuffer; key: string; f64: Float64Array; f32: Float32Array[] } | null = null;

/**
 * Work arrays in the kernel's memory: a float64 image of n64 voxels and `count` float32 images of n32 (contents
 * undefined). The previous call's arrays are invalid afterwards (the memory may have grown).
 */
export function gaussianWorkspace(n64: number, n32: number, count: number): { f64: Float64Array; f32: Float32Array[] } {
  const { memory } = instance();
  const key = `${n64},${n32},${count}`;
  if (workspace?.key === key && workspace.buffer === memory.buffer) return workspace;
  ensureBytes(memory, HEADER + 8 * n64 + 4 * n32 * count);
  const buffer = memory.buffer as ArrayBuffer;
  const f32 = Array.from({ length: count }, (_, k) => new Float32Array(buffer, HEADER + 8 * n64 + 4 * n32 * k, n32));
  workspace = { buffer, key, f64: new Float64Array(buffer, HEADER, n64), f32 };
  return workspace;
}

type Samples = Float64Array | Float32Array;

/**
 * The kernel set up for one pass (taps t as recursive-gaussian.ts lays them out), or null when an array is not in
 * its memory: then linePair(o, lane, …) filters the lines at element o and o + lane.
 */
export function kernelFor(t: Float64Array, a: Samples, b: Float32Array | Float64Array | null, dst1: Float32Array, dst2: Float32Array | null): Kernel['linePair'] | null {
  if (!kernel) return null; // nothing can be in its memory yet
  const buffer = kernel.memory.buffer;
  if (a.buffer !== buffer || dst1.buffer !== buffer || (b && (b.buffer !== buffer || !(b instanceof Float32Array))) || (dst2 && dst2.buffer !== buffer)) return null;
  new Float64Array(buffer, TAPS, t.length).set(t);
  kernel.configure(a.byteOffset, b?.byteOffset ?? 0, dst1.byteOffset, dst2?.byteOffset ?? 0, TAPS, RESPONSES, a instanceof Float64Array ? 1 : 0, b ? 1 : 0, dst2 ? 1 : 0);
  return kernel.linePair;
}
