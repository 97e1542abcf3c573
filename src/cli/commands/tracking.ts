/** `flywheel runs …` and `flywheel experiments …`: list, show, compare, delete and purge runs. */
import type { Command } from 'commander';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';

/** The text formats, loaded when a command prints (they import core). */
const formats = () => import('./tracking-format.js');

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Register `flywheel runs` and `flywheel experiments`. */
export function registerTrackingCommands(program: Command, ctx: CommandContext): void {
  const runs = program.command('runs').description('list, show, compare, delete and purge tracked runs');
  runs
    .command('list')
    .description('list runs, newest first, optionally filtered and sorted')
    .option('-e, --experiment <name>', 'only runs of this experiment (repeatable)', collect)
    .option('-f, --filter <expr>', `e.g. "metrics.auc > 0.9 and params.model = 'gbdt'"`)
    .option('-s, --sort <keys>', 'e.g. -metrics.auc (descending), start_time; comma-separated')
    .option('-n, --limit <n>', 'at most this many runs', '100')
    .option('--deleted', 'list deleted runs instead')
    .option('--all', 'list deleted runs too')
    .action(
      ctx.run(async (raw: unknown) => {
        const { listOptions, parseOptions } = await import('./tracking-flags.js');
        const o = parseOptions(listOptions, raw);
        const g = ctx.globals();
        const view = o.all ? 'all' : o.deleted ? 'deleted' : 'active';
        const list = await withPlatform(ctx, (p) =>
          p.tracking.searchRuns({
            experiments: o.experiment,
            filter: o.filter,
            sort: o.sort,
            limit: o.limit,
            view,
          }),
        );
        const { formatRunList } = await formats();
        printResult(ctx.streams, g, list, formatRunList);
      }),
    );
  runs
    .command('show')
    .description('a run with its params, metrics, tags, inputs, artifacts and models')
    .argument('<id>', 'run id')
    .action(
      ctx.run(async (id: string) => {
        const run = await withPlatform(ctx, (p) => p.tracking.getRun(id));
        const { formatRun } = await formats();
        printResult(ctx.streams, ctx.globals(), run, formatRun);
      }),
    );
  runs
    .command('compare')
    .description('params and metrics of several runs side by side, differences marked')
    .argument('<ids...>', 'two or more run ids')
    .action(
      ctx.run(async (ids: string[]) => {
        const c = await withPlatform(ctx, (p) => p.tracking.compareRuns(ids));
        const { formatComparison } = await formats();
        printResult(ctx.streams, ctx.globals(), c, formatComparison);
      }),
    );
  runs
    .command('delete')
    .description('soft-delete runs (hidden from lists; `runs restore` undoes, `runs gc` purges)')
    .argument('<ids...>', 'run ids')
    .action(
      ctx.run(async (ids: string[]) => {
        const done = await withPlatform(ctx, (p) => p.tracking.deleteRuns(ids));
        printResult(
          ctx.streams,
          ctx.globals(),
          { deleted: done },
          (r) => `Deleted ${r.deleted.length} run(s); \`flywheel runs gc\` purges them for good.`,
        );
      }),
    );
  runs
    .command('restore')
    .description('bring soft-deleted runs back')
    .argument('<ids...>', 'run ids')
    .action(
      ctx.run(async (ids: string[]) => {
        const done = await withPlatform(ctx, (p) => p.tracking.restoreRuns(ids));
        printResult(
          ctx.streams,
          ctx.globals(),
          { restored: done },
          (r) => `Restored ${r.restored.length} run(s).`,
        );
      }),
    );
  runs
    .command('gc')
    .description(
      'purge deleted runs and everything they logged (their objects become collectable by `flywheel gc`)',
    )
    .option('--older-than <duration>', 'only runs deleted at least this long ago, e.g. 7d', '0s')
    .action(
      ctx.run(async (opts: { olderThan: string }) => {
        const { parseDuration } = await import('../../core/index.js');
        const olderThanMs = parseDuration(opts.olderThan);
        const purged = await withPlatform(ctx, (p) => p.tracking.purgeDeletedRuns({ olderThanMs }));
        printResult(
          ctx.streams,
          ctx.globals(),
          { purged },
          (r) =>
            `Purged ${r.purged.length} run(s).${r.purged.length > 0 ? ' Run `flywheel gc` to reclaim the space of objects nothing else uses.' : ''}`,
        );
      }),
    );

  const experiments = program.command('experiments').description('list and create experiments');
  experiments
    .command('list')
    .description('list experiments')
    .option('--all', 'include deleted experiments')
    .action(
      ctx.run(async (opts: { all?: boolean }) => {
        const list = await withPlatform(ctx, (p) =>
          p.tracking.listExperiments({ view: opts.all ? 'all' : 'active' }),
        );
        const { formatExperiments } = await formats();
        printResult(ctx.streams, ctx.globals(), list, formatExperiments);
      }),
    );
  experiments
    .command('create')
    .description('create an experiment (startRun also creates one on first use)')
    .argument('<name>', 'experiment name')
    .action(
      ctx.run(async (name: string) => {
        const e = await withPlatform(ctx, (p) => p.tracking.createExperiment(name));
        printResult(ctx.streams, ctx.globals(), e, (x) => `Created experiment ${x.name} (id ${x.id})`);
      }),
    );
}
