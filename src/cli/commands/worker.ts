/** `flywheel worker --queue redis://…`: score the chunk tasks of distributed batch jobs until stopped. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** Register `flywheel worker`. */
export function registerWorkerCommand(program: Command, ctx: CommandContext): void {
  program
    .command('worker')
    .description('score chunk tasks of distributed batch jobs (flywheel predict --queue) until Ctrl-C')
    .requiredOption('--queue <redis-url>', 'the Redis the jobs are queued on, e.g. redis://127.0.0.1:6379')
    .option('--concurrency <n>', 'chunks scored at once (default 1)')
    .option('--lock-ms <ms>', "how soon a dead worker's chunk goes to another worker (default 30000)")
    .action(
      ctx.run(async (raw: Record<string, unknown>) => (await import('./worker-run.js')).runWorker(ctx, raw)),
    );
}
