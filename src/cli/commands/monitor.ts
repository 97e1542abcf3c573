/** `flywheel monitor`: drift of a served model's logged traffic, window by window. */
import type { Command } from 'commander';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult, table } from '../output.js';

/** Register `flywheel monitor`. */
export function registerMonitorCommands(program: Command, ctx: CommandContext): void {
  program
    .command('monitor')
    .description(
      "drift of a served model's logged traffic per window against a reference (default: its training data)",
    )
    .argument('<model>', 'the served model: NAME, NAME@ALIAS or NAME:VERSION')
    .option('--reference <ref>', 'reference data (default: the training data recorded on the model version)')
    .option('--window <size>', 'rows per window (1000) or a duration (1h, 15m)', '1000')
    .option(
      '--columns <list>',
      'comma-separated feature columns (default: every logged feature the reference has)',
    )
    .option('--log-dir <dir>', 'the prediction log folder (default .flywheel/predictions)')
    .action(
      ctx.run(
        async (
          model: string,
          opts: { reference?: string; window: string; columns?: string; logDir?: string },
        ) => {
          const g = ctx.globals();
          const report = await withPlatform(ctx, (p) =>
            p.monitor({
              model,
              reference: opts.reference,
              window: opts.window,
              columns: opts.columns?.split(',').map((c) => c.trim()),
              logDir: opts.logDir,
              cwd: g.cwd,
            }),
          );
          printResult(ctx.streams, g, report, (r) =>
            [
              `${r.model} traffic against ${r.reference}, windows of ${r.window}${r.skippedLines ? ` (${r.skippedLines} unreadable log lines skipped)` : ''}`,
              table([
                ['WINDOW', 'FROM', 'ROWS', 'VERSIONS', 'DRIFTED', 'SHARE', 'VERDICT', 'COLUMNS'],
                ...r.windows.map((w, i) => [
                  i,
                  w.start.slice(0, 19),
                  w.rows,
                  w.versions.join(','),
                  w.drifted,
                  `${(w.share * 100).toFixed(0)}%`,
                  w.drift ? 'DRIFT' : 'ok',
                  w.columns
                    .filter((c) => c.drift)
                    .map((c) => c.column)
                    .join(' '),
                ]),
              ]),
              r.firstDrift === null
                ? 'no window drifted'
                : `first drift in window ${r.firstDrift} (from ${r.windows[r.firstDrift]!.start})`,
            ].join('\n'),
          );
        },
      ),
    );
}
