/**
 * Every CLI command, one module each. A module exports `register(program)`; add yours to the list.
 */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const commandModules: Array<() => Promise<{ register: RegisterCommand }>> = [
  () => import('./evaluate.js'),
  () => import('./segment.js'),
  () => import('./deep-features.js'),
];
