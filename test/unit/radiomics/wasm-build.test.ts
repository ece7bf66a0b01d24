import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script, without type declarations
import { assemble, KERNELS } from '../../../scripts/build-wasm.mjs';

describe('WebAssembly kernels', () => {
  it.each(KERNELS as string[])('%s is built from its current source (run node scripts/build-wasm.mjs after editing it)', async (wat) => {
    const built = readFileSync(wat.replace(/\.wat$/, '.wasm.ts'), 'utf8');
    expect(await assemble(wat)).toBe(built);
  });
});
