/**
 * Every CLI command, one module each. A module exports `register(program)`; add yours to the list.
 */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const commandModules: Array<() => Promise<{ register: RegisterCommand }>> = [
  () => import('./demo.js'),
  () => import('./run.js'),
  () => import('./status.js'),
  () => import('./validate.js'),
  () => import('./worker.js'),
  () => import('./server.js'),
  () => import('./evaluate.js'),
  () => import('./segment.js'),
  () => import('./deep-features.js'),
  () => import('./generate-synthetic.js'),
  () => import('./combat.js'),
  () => import('./icc.js'),
  () => import('./radiomics.js'),
  () => import('./codec-server.js'),
  () => import('./dashboard.js'),
  () => import('./train.js'),
  () => import('./predict.js'),
  () => import('./report.js'),
];
