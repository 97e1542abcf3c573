/** `flywheel worker --queue redis://…`: score the chunk tasks of distributed batch jobs until stopped. */
import type { Command } from 'commander';
import { z } from 'zod';
import { FlywheelError } from '../../core/index.js';
import { openPlatform } from '../../platform.js';
import { type CommandContext, untilSignal } from '../context.js';

const flagsSchema = z.object({
  queue: z.string(),
  concurrency: z.coerce.number().int().min(1).max(64).optional(),
  lockMs: z.coerce.number().int().min(1000).optional(),
});

/** Register `flywheel worker`. */
export function registerWorkerCommand(program: Command, ctx: CommandContext): void {
  program
    .command('worker')
    .description('score chunk tasks of distributed batch jobs (flywheel predict --queue) until Ctrl-C')
    .requiredOption('--queue <redis-url>', 'the Redis the jobs are queued on, e.g. redis://127.0.0.1:6379')
    .option('--concurrency <n>', 'chunks scored at once (default 1)')
    .option('--lock-ms <ms>', "how soon a dead worker's chunk goes to another worker (default 30000)")
    .action(
      ctx.run(async (raw: Record<string, unknown>) => {
        const parsed = flagsSchema.safeParse(raw);
        if (!parsed.success) {
          throw new FlywheelError('USAGE', `flywheel worker: ${parsed.error.issues[0]!.message}`, {
            hint: 'Run flywheel worker --help.',
          });
        }
        const g = ctx.globals();
        const platform = await openPlatform({ cwd: g.cwd, env: ctx.env });
        try {
          const worker = await platform.batch.worker({
            queue: parsed.data.queue,
            concurrency: parsed.data.concurrency,
            lockMs: parsed.data.lockMs,
            onChunk: (t) => {
              const line = g.json
                ? JSON.stringify({ event: 'chunk', ...t })
                : `job ${t.jobId}: chunk ${t.index} (${t.rows} rows)`;
              ctx.streams.stderr.write(`${line}\n`);
            },
          });
          ctx.streams.stderr.write(`worker ready on ${parsed.data.queue.replace(/\/\/[^@]*@/, '//***@')}\n`);
          await untilSignal();
          await worker.close();
        } finally {
          await platform.close();
        }
      }),
    );
}
