/** `flywheel worker` as it runs: flags checked, chunk tasks scored until a signal. */
import { z } from 'zod';
import { FlywheelError } from '../../core/index.js';
import { setIsolatedReads } from '../../data/index.js';
import { openPlatform } from '../../platform.js';
import { type CommandContext, untilSignal } from '../context.js';

const flagsSchema = z.object({
  queue: z.string(),
  concurrency: z.coerce.number().int().min(1).max(64).optional(),
  lockMs: z.coerce.number().int().min(1000).optional(),
});

/** Run `flywheel worker` with the raw flags commander parsed. */
export async function runWorker(ctx: CommandContext, raw: Record<string, unknown>): Promise<void> {
  const parsed = flagsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new FlywheelError('USAGE', `flywheel worker: ${parsed.error.issues[0]!.message}`, {
      hint: 'Run flywheel worker --help.',
    });
  }
  const g = ctx.globals();
  // A long-running process: DuckDB reads each file in a child, so a damaged file fails its task only.
  setIsolatedReads(true);
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
      // A refused or failed task is reported; the worker goes on with the next one.
      onFailed: (f) => {
        const event = f.refused ? 'refused' : 'failed';
        const line = g.json
          ? JSON.stringify({ event, task: f.taskId, reason: f.reason })
          : `task ${f.taskId} ${event}: ${f.reason}`;
        ctx.streams.stderr.write(`${line}\n`);
      },
    });
    ctx.streams.stderr.write(`worker ready on ${parsed.data.queue.replace(/\/\/[^@]*@/, '//***@')}\n`);
    await untilSignal();
    await worker.close();
  } finally {
    await platform.close();
  }
}
