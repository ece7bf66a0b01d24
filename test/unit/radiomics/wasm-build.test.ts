import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script, without type declarations
import { assemble } from '../../../scripts/build-wasm.mjs';

describe('WebAssembly kernels', () => {
  it('are built from their current .wat sources (run node scripts/build-wasm.mjs after editing one)', async () => {
    const wat = 'plugins/radiomics/filters/recursive-gaussian.wat';
    const built = readFileSync(wat.replace(/\.wat$/, '.wasm.ts'), 'utf8');
    expect(await assemble(wat)).toBe(built);
  });
});
