/**
 * Loading the WebAssembly kernels (filters/recursive-gaussian.wat, texture/texture-kernels.wat): scripts/build-wasm.mjs
 * assembles each into a `.wasm.ts` module holding its bytes as base64, so running the code needs no assembler.
 */

/** A fresh instance (its own memory) of the module whose bytes are `base64`; compiled synchronously (a few kB). */
export function instantiate<Exports>(base64: string): Exports {
  const module = new WebAssembly.Module(Buffer.from(base64, 'base64'));
  return new WebAssembly.Instance(module, {}).exports as Exports;
}

/** Grows `memory` to at least `bytes` (growing keeps the contents; views of the old buffer become invalid). */
export function ensureBytes(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}
