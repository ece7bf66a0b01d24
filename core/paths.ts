import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json lives). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Local state of the embedded setup: Temporal DB, tools, run records, default artifact store. */
export const stateDir = process.env.COHORTFLOW_HOME ?? resolve(projectRoot, '.cohortflow');
