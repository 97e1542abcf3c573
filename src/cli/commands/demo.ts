/** `flywheel demo`: the whole loop on a generated churn table, in a new workspace. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** Register `flywheel demo`. */
export function registerDemoCommand(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('run the whole loop on a generated churn table in a new workspace (a few seconds)')
    .option('--dir <path>', 'workspace folder, new or empty (default: a new temporary folder)')
    .option('--rows <n>', 'rows to generate (default 20000)')
    .option('--seed <n>', 'seed of the generated data (default 7)')
    .option('--no-serve', 'leave out the online serving steps')
    .action(
      ctx.run(async (raw: Record<string, unknown>) =>
        (await import('./demo-run.js')).runDemoCommand(ctx, raw),
      ),
    );
}
