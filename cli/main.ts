/** The `cohortflow` command. Each subcommand lives in cli/commands/<name>.ts. */
import { Command } from 'commander';
import { CohortflowError } from '../core/errors.js';
import { commandModules } from './commands/index.js';

export async function buildProgram(): Promise<Command> {
  const program = new Command('cohortflow')
    .description('Workflow-as-code orchestration of multi-center medical-imaging studies on Temporal')
    .version('0.1.0')
    .showHelpAfterError();
  for (const load of commandModules) (await load()).register(program);
  return program;
}

const program = await buildProgram();
try {
  await program.parseAsync(process.argv);
} catch (e) {
  // Typed errors already say what, where and how to fix: print them plainly, without a stack.
  if (e instanceof CohortflowError) console.error(`${e.name}: ${e.message}`);
  else console.error(e instanceof Error ? (process.env.COHORTFLOW_DEBUG ? e.stack : `error: ${e.message}`) : e);
  process.exitCode = 1;
}
