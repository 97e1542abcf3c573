/** `flywheel predict` as it runs: flags checked, the job run or resumed, the summary printed. */
import { z } from 'zod';
import type { BatchSummary } from '../../batch/index.js';
import { createProgress, FlywheelError } from '../../core/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';
import { cliProgressMode } from '../progress.js';

const flagsSchema = z.object({
  input: z.string().optional(),
  output: z.string().optional(),
  idColumn: z.string().optional(),
  threads: z.coerce.number().int().min(1).max(64).optional(),
  chunkRows: z.coerce.number().int().min(1).optional(),
  resume: z.string().optional(),
  queue: z.string().optional(),
});

/** Run `flywheel predict MODEL` with the raw flags commander parsed. */
export async function runPredict(
  ctx: CommandContext,
  model: string | undefined,
  raw: Record<string, unknown>,
): Promise<void> {
  const flags = parseFlags(raw);
  const g = ctx.globals();
  const progress = createProgress({
    label: 'predict',
    unit: 'rows',
    mode: cliProgressMode(ctx.streams, g),
    stream: ctx.streams.stderr,
  });
  const common = {
    threads: flags.threads,
    queue: flags.queue,
    onStart: (jobId: string) => {
      if (!g.json)
        ctx.streams.stderr.write(`job ${jobId} (resume with: flywheel predict --resume ${jobId})\n`);
    },
    onProgress: progressTicker(progress),
  };
  const summary = await withPlatform(ctx, (p) => {
    if (flags.resume !== undefined) return p.batch.resume(flags.resume, common);
    if (!model || !flags.input || !flags.output) throw missing();
    return p.batch.predict({
      ...common,
      model,
      input: flags.input,
      output: flags.output,
      idColumn: flags.idColumn,
      chunkRows: flags.chunkRows,
      cwd: g.cwd,
    });
  });
  progress.done();
  printResult(ctx.streams, g, summary, formatSummary);
}

function parseFlags(raw: Record<string, unknown>): z.infer<typeof flagsSchema> {
  const parsed = flagsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FlywheelError('USAGE', `--${String(issue.path[0])}: ${issue.message}`, {
      hint: 'Run flywheel predict --help.',
    });
  }
  return parsed.data;
}

function missing(): FlywheelError {
  return new FlywheelError('USAGE', 'flywheel predict needs MODEL, --input and --output (or --resume JOB)', {
    hint: 'Example: flywheel predict churn@production --input data.parquet --output scores.parquet --id-column id',
  });
}

/** Turn cumulative row counts into progress ticks. */
function progressTicker(progress: ReturnType<typeof createProgress>) {
  let seen = 0;
  let totalSet = false;
  return (p: { rows: number; totalRows: number | null }) => {
    if (!totalSet && p.totalRows !== null) {
      progress.setTotal(p.totalRows);
      totalSet = true;
    }
    progress.tick(p.rows - seen);
    seen = p.rows;
  };
}

/** The human summary of a job. */
export function formatSummary(s: BatchSummary): string {
  const lines = [
    `job ${s.jobId}: ${s.model} (${s.modelVersion})`,
    `  rows ${s.rows.toLocaleString('en-US')}: scored ${s.scored.toLocaleString('en-US')}, failed ${s.failed.toLocaleString('en-US')} in ${s.chunks} chunks${s.resumedChunks > 0 ? ` (${s.resumedChunks} from before the resume)` : ''}`,
    `  predictions → ${s.output}`,
  ];
  if (s.failed > 0) lines.push(`  errors      → ${s.errorsOutput}`);
  lines.push(`  ${s.seconds.toFixed(2)} s, ${Math.round(s.rowsPerSecond).toLocaleString('en-US')} rows/s`);
  return lines.join('\n');
}
