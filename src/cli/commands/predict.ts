/** `flywheel predict`: batch scoring into files or SQL tables, resumable (`--resume JOB`). */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** Register `flywheel predict`. */
export function registerPredictCommand(program: Command, ctx: CommandContext): void {
  program
    .command('predict')
    .description('score a file, a dataset version or a SQL query with a model, in resumable chunks')
    .argument('[model]', 'NAME:VERSION, NAME@ALIAS, or a model folder as a path (./DIR, path:DIR)')
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
      ctx.run(async (model: string | undefined, raw: Record<string, unknown>) =>
        (await import('./predict-run.js')).runPredict(ctx, model, raw),
      ),
    );
}
