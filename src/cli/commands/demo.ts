/** `flywheel demo`: the whole loop on a generated churn table, in a new workspace. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { FlywheelError } from '../../core/index.js';
import { formatStep, formatSummary, runDemo } from '../../demo/index.js';
import type { CommandContext } from '../context.js';
import { printResult } from '../output.js';

const flagsSchema = z.object({
  dir: z.string().min(1).optional(),
  rows: z.coerce.number().int().min(2000).max(2_000_000).optional(),
  seed: z.coerce.number().int().min(0).optional(),
  serve: z.boolean().optional(),
});

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
      ctx.run(async (raw: Record<string, unknown>) => {
        const g = ctx.globals();
        const parsed = flagsSchema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new FlywheelError('USAGE', `invalid --${String(issue.path[0])}: ${issue.message}`, {
            hint: '--rows takes a whole number from 2000, --seed a whole number from 0.',
          });
        }
        const flags = parsed.data;
        const dir = flags.dir
          ? resolve(g.cwd, flags.dir)
          : join(mkdtempSync(join(tmpdir(), 'flywheel-demo-')), 'ws');
        if (!g.json) ctx.streams.stdout.write(`Flywheel demo in ${dir}\n`);
        const onStep = g.json
          ? undefined
          : (s: Parameters<typeof formatStep>[0]) => ctx.streams.stdout.write(`${formatStep(s)}\n`);
        const result = await runDemo({ dir, rows: flags.rows, seed: flags.seed, serve: flags.serve }, onStep);
        printResult(ctx.streams, g, result, formatSummary);
      }),
    );
}
