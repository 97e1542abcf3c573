/** `flywheel fsck` and `flywheel gc`. */
import type { Command } from 'commander';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';

/** Register the storage maintenance commands. */
export function registerStorageCommands(program: Command, ctx: CommandContext): void {
  program
    .command('fsck')
    .description(
      're-hash every stored object; report corrupt objects and referenced objects that are missing',
    )
    .action(
      ctx.run(async () => {
        const g = ctx.globals();
        const { FlywheelError, formatBytes } = await import('../../core/index.js');
        const { cumulativeProgress } = await import('../progress.js');
        const report = await withPlatform(ctx, async (p) => {
          const progress = cumulativeProgress(ctx.streams, g, 'fsck');
          const r = await p.storage.fsck((bytes) => progress.update(bytes));
          progress.done();
          return r;
        });
        printResult(ctx.streams, g, report, (r) =>
          [
            `${r.clean ? 'clean' : 'PROBLEMS FOUND'}: ${r.checked} objects, ${formatBytes(r.bytes)} verified`,
            ...r.corrupt.map((d) => `  corrupt  ${d}`),
            ...r.missing.map((d) => `  missing  ${d}`),
            ...(r.partial + r.parked > 0
              ? [
                  `  (${r.partial} partial writes, ${r.parked} parked objects: harmless; flywheel gc cleans them)`,
                ]
              : []),
          ].join('\n'),
        );
        if (!report.clean) {
          throw new FlywheelError(
            'OBJECT_CORRUPT',
            `${report.corrupt.length} corrupt and ${report.missing.length} missing objects`,
            {
              hint: 'Re-add the affected data or models from their sources; `flywheel status` shows the store location.',
              details: { corrupt: report.corrupt, missing: report.missing },
            },
          );
        }
      }),
    );

  program
    .command('gc')
    .description('delete objects no metadata references (objects younger than the grace period are kept)')
    .option('--dry-run', 'list what would be deleted, delete nothing')
    .option('--grace <duration>', 'override gc.grace_period, e.g. 10m, 1h, 0s')
    .action(
      ctx.run(async (opts: { dryRun?: boolean; grace?: string }) => {
        const g = ctx.globals();
        const { formatBytes, parseDuration } = await import('../../core/index.js');
        const graceMs = opts.grace === undefined ? undefined : parseDuration(opts.grace);
        const report = await withPlatform(ctx, (p) => p.storage.gc({ dryRun: opts.dryRun, graceMs }));
        printResult(ctx.streams, g, report, (r) =>
          [
            `${r.dryRun ? 'would delete' : 'deleted'} ${r.deleted.length} objects (${formatBytes(r.deletedBytes)}); ` +
              `kept ${r.referenced} referenced and ${r.keptInGrace} within the grace period`,
            ...(r.removedPartial + r.restoredParked > 0
              ? [`removed ${r.removedPartial} partial writes, restored ${r.restoredParked} parked objects`]
              : []),
          ].join('\n'),
        );
      }),
    );
}
