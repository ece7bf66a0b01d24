/**
 * Activities at the coordinator: aggregation of federated partials, central stages, and the run
 * record. They see aggregates and global state only.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CentralStageInput, FederatedAggregateInput, RunStatus } from '../core/run-status.js';
import { writeFileAtomic } from '../core/artifacts/atomic-write.js';
import { log } from '../core/log.js';
import { getPlugin } from './plugin-registry.js';
import { withFailures } from './failures.js';

export interface CoordinatorConfig {
  /** Where the coordinator writes run records and central outputs. */
  storeRoot: string;
}

export function createCoordinatorActivities(cfg: CoordinatorConfig) {
  const runDir = (studyId: string, runId: string) => join(cfg.storeRoot, studyId, runId);

  async function federatedAggregate(input: FederatedAggregateInput): Promise<{ global: unknown; done: boolean }> {
    return withFailures(async () => {
      const plugin = getPlugin(input.stage.type, 'federated');
      const params = plugin.params.parse(input.stage.params);
      return plugin.aggregate(input.partials, params, input.previous, input.round);
    });
  }

  async function runCentralStage(input: CentralStageInput): Promise<Record<string, unknown>> {
    return withFailures(async () => {
      const plugin = getPlugin(input.stage.type, 'central');
      const params = plugin.params.parse(input.stage.params);
      const outputDir = join(runDir(input.studyId, input.runId), input.stage.name);
      mkdirSync(outputDir, { recursive: true });
      const result = await plugin.run({
        stage: input.stage.name,
        global: (s) => input.globals[s],
        siteSummaries: (s) => input.siteSummaries[s] ?? {},
        outputDir,
        status: input.status,
        log: log.child({ stage: input.stage.name }),
      }, params);
      writeFileAtomic(join(outputDir, 'result.json'), JSON.stringify(result, null, 2));
      return result;
    });
  }

  async function recordRun(input: { status: RunStatus; globals: Record<string, unknown> }): Promise<string> {
    const file = join(runDir(input.status.studyId, input.status.runId), 'run.json');
    writeFileAtomic(file, JSON.stringify(input, null, 2));
    return file;
  }

  return { federatedAggregate, runCentralStage, recordRun };
}

export type CoordinatorActivities = ReturnType<typeof createCoordinatorActivities>;
