import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration tests share one Temporal dev server per file; keep files in parallel but bounded for 2 cores.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: '.cohortflow/test-results.json' },
  },
});
