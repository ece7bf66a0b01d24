/**
 * `util.noop`: does nothing per case and returns an empty row. It measures what the orchestrator
 * itself costs (bench/orchestration.ts) and lets a study's DAG be dry-run before real stages exist.
 */
import { z } from 'zod';
import { definePlugin } from '../../core/plugin.js';

export const noopParams = z.object({});

declare module '../../core/study.js' {
  interface StageParamsRegistry { 'util.noop': z.input<typeof noopParams> }
}

export default definePlugin({
  id: 'util.noop',
  version: '1.0.0',
  kind: 'site',
  description: 'Does nothing per case (orchestration benchmarks and DAG dry runs)',
  params: noopParams,
  async processCase() {
    return { row: {} };
  },
});
