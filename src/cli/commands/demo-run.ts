/** `flywheel demo` as it runs: flags checked, the loop run step by step, the summary printed. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

/** Run `flywheel demo` with the raw flags commander parsed. */
export async function runDemoCommand(ctx: CommandContext, raw: Record<string, unknown>): Promise<void> {
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
}
