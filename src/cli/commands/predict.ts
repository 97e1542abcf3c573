/** `flywheel predict`: batch scoring into files or SQL tables, resumable (`--resume JOB`). */
import type { Command } from 'commander';
import { z } from 'zod';
import type { BatchSummary } from '../../batch/index.js';
import { createProgress, FlywheelError } from '../../core/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { cliProgressMode, printResult } from '../output.js';

const flagsSchema = z.object({
  input: z.string().optional(),
  output: z.string().optional(),
  idColumn: z.string().optional(),
  threads: z.coerce.number().int().min(1).max(64).optional(),
  chunkRows: z.coerce.number().int().min(1).optional(),
  resume: z.string().optional(),
  queue: z.string().optional(),
});

/** Register `flywheel predict`. */
export function registerPredictCommand(program: Command, ctx: CommandContext): void {
  program
    .command('predict')
    .description('score a file, a dataset version or a SQL query with a model, in resumable chunks')
    .argument('[model]', 'NAME:VERSION, NAME@ALIAS or a model folder')
    .option('--input <data>', 'data.parquet|.csv|.jsonl, NAME:VERSION, or "sql:SELECT …" (DuckDB)')
    .option('--output <target>', 'out.parquet|.csv|.jsonl, sqlite://file.db#table or postgres://…#table')
    .option('--id-column <name>', 'the input column written beside each prediction (default: row number)')
    .option('--threads <n>', 'scoring threads (default 2)')
    .option(
      '--chunk-rows <n>',
      'rows per chunk, the unit of commit and resume (default: 32 MiB of input columns, 131072 rows for 30 features)',
    )
    .option('--resume <job>', 'finish a stopped job from its last committed chunk')
    .option('--queue <redis-url>', 'split the job into chunk tasks on this Redis for `flywheel worker`s')
    .action(
      ctx.run(async (model: string | undefined, raw: Record<string, unknown>) => {
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
      }),
    );
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
