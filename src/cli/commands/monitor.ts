/** `flywheel monitor`: drift of a served model's logged traffic, window by window. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { MonitorFlags } from './monitor-actions.js';

/** Register `flywheel monitor run`: the alert rules of flywheel.yaml, once (cron) or --watch. */
function registerMonitorRun(monitor: Command, ctx: CommandContext): void {
  monitor
    .command('run')
    .description(
      'evaluate the alert rules of flywheel.yaml (monitor.alerts) over the monitored models once, for cron, or again and again with --watch; exits 1 when an alert with the exit action fires',
    )
    .argument('[models...]', 'models to monitor (default: monitor.models in flywheel.yaml)')
    .option('--watch', 'repeat the pass every --interval until stopped (Ctrl-C)')
    .option('--interval <duration>', 'time between passes with --watch (30s, 5m, 1h)', '1m')
    .action(
      ctx.run(async (models: string[], opts: { watch?: boolean; interval: string }) =>
        (await import('./monitor-actions.js')).runMonitorRun(ctx, models, opts),
      ),
    );
}

/** Register `flywheel monitor`. */
export function registerMonitorCommands(program: Command, ctx: CommandContext): void {
  const monitor = program
    .command('monitor')
    .description(
      "drift of a served model's logged traffic per window against a reference (default: its training data)",
    )
    .argument(
      '<model>',
      'the served model: NAME, NAME@ALIAS or NAME:VERSION (or `run`: see monitor run --help)',
    )
    .option('--reference <ref>', 'reference data (default: the training data recorded on the model version)')
    .option('--window <size>', 'rows per window (1000) or a duration (1h, 15m)', '1000')
    .option(
      '--columns <list>',
      'comma-separated feature columns (default: every logged feature the reference has)',
    )
    .option('--log-dir <dir>', 'another prediction log folder than prediction_log.dir of flywheel.yaml')
    .option('--min-labels <n>', 'labelled rows a window needs before its performance is reported', '50')
    .option(
      '--html <file>',
      'also write an HTML report: drift, missing values and performance over time, histograms of the first drifted window',
    )
    .action(
      ctx.run(async (model: string, opts: MonitorFlags) =>
        (await import('./monitor-actions.js')).runMonitor(ctx, model, opts),
      ),
    );
  registerMonitorRun(monitor, ctx);
}
