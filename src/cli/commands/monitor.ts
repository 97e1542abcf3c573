/** `flywheel monitor`: drift of a served model's logged traffic, window by window. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ERROR_CATALOG, FlywheelError, parseDuration, writeFileAtomic } from '../../core/index.js';
import {
  type MonitorRunReport,
  type MonitorWindow,
  renderMonitorHtml,
  watchMonitor,
} from '../../monitoring/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult, table } from '../output.js';

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
      ctx.run(async (models: string[], opts: { watch?: boolean; interval: string }) => {
        const g = ctx.globals();
        const interval = parseDuration(opts.interval);
        await withPlatform(ctx, async (p) => {
          if (!opts.watch) {
            const report = await p.monitorRun(models);
            printResult(ctx.streams, g, report, formatRun);
            if (report.exit) ctx.exitCode = ERROR_CATALOG.CHECK_FAILED.exit;
            return;
          }
          const stopper = new AbortController();
          const stop = () => stopper.abort();
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
          try {
            const exit = await watchMonitor(() => p.monitorRun(models), {
              intervalMs: interval,
              signal: stopper.signal,
              // One JSON report per line with --json, so a log shipper can read them as they come.
              onReport: (report) =>
                g.json
                  ? ctx.streams.stdout.write(`${JSON.stringify(report)}\n`)
                  : printResult(ctx.streams, g, report, formatRun),
            });
            if (exit) ctx.exitCode = ERROR_CATALOG.CHECK_FAILED.exit;
          } finally {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
          }
        });
      }),
    );
}

function formatRun(r: MonitorRunReport): string {
  const lines = [`monitor run at ${r.time}: ${r.fired} new alert(s)`];
  for (const m of r.models) {
    if (m.error) {
      lines.push(`  ${m.model}: skipped (${m.error.message})`);
      continue;
    }
    const latest = m.latest;
    lines.push(
      `  ${m.model}: ${m.windows} window(s)${m.firstDrift === null ? ', no drift' : `, first drift in window ${m.firstDrift}`}` +
        (latest ? `; latest drift share ${((latest.drift_share ?? 0) * 100).toFixed(0)}%` : ''),
    );
    for (const a of m.alerts) {
      const actions = a.results.map(
        (x) => `${x.action} ${x.ok ? 'ok' : `failed${x.error ? ` (${x.error})` : ''}`}`,
      );
      lines.push(
        `    ${a.duplicate ? 'already raised' : 'ALERT'} ${a.alert}: ${a.rule} (value ${a.value.toPrecision(3)}, window from ${a.windowStart.slice(0, 19)})` +
          (actions.length ? ` — ${actions.join(', ')}` : '') +
          (a.runs.length ? ` — retrain run ${a.runs.join(', ')}` : ''),
      );
    }
    for (const w of m.warnings) lines.push(`    warning: ${w}`);
  }
  return lines.join('\n');
}

/** The headline metric of a window: realised once labelled, else the CBPE estimate ± its standard error. */
function performanceText(w: MonitorWindow): string {
  const p = w.performance;
  if (!p) return '-';
  const pick = (m: Record<string, number>) =>
    m.accuracy !== undefined ? 'accuracy' : m.rmse !== undefined ? 'rmse' : undefined;
  if (p.metrics) {
    const k = pick(p.metrics);
    if (k) return `${k} ${p.metrics[k]!.toFixed(3)}`;
  }
  if (p.estimated) {
    const k = pick(p.estimated);
    const se = k ? p.estimatedSe?.[k] : undefined;
    if (k)
      return `est. ${k} ${p.estimated[k]!.toFixed(3)}${se !== undefined ? ` ±${(2 * se).toFixed(3)}` : ''}`;
  }
  return '-';
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
    .option('--log-dir <dir>', 'the prediction log folder (default .flywheel/predictions)')
    .option('--min-labels <n>', 'labelled rows a window needs before its performance is reported', '50')
    .option(
      '--html <file>',
      'also write an HTML report: drift, missing values and performance over time, histograms of the first drifted window',
    )
    .action(
      ctx.run(
        async (
          model: string,
          opts: {
            reference?: string;
            window: string;
            columns?: string;
            logDir?: string;
            minLabels: string;
            html?: string;
          },
        ) => {
          const g = ctx.globals();
          const report = await withPlatform(ctx, (p) =>
            p.monitor({
              model,
              reference: opts.reference,
              window: opts.window,
              columns: opts.columns?.split(',').map((c) => c.trim()),
              logDir: opts.logDir,
              minLabels: positiveInteger(opts.minLabels, '--min-labels'),
              html: opts.html !== undefined,
              cwd: g.cwd,
            }),
          );
          const html = opts.html === undefined ? undefined : resolve(g.cwd, opts.html);
          if (html) await writeFileAtomic(html, renderMonitorHtml(report));
          printResult(ctx.streams, g, html ? { ...report, html } : report, (r) =>
            [
              `${r.model} traffic against ${r.reference}, windows of ${r.window}${r.skippedLines ? ` (${r.skippedLines} unreadable log lines skipped)` : ''}`,
              table([
                [
                  'WINDOW',
                  'FROM',
                  'ROWS',
                  'VERSIONS',
                  'DRIFTED',
                  'SHARE',
                  'VERDICT',
                  'MISSING',
                  'PRED',
                  'LABELS',
                  'PERFORMANCE',
                  'COLUMNS',
                ],
                ...r.windows.map((w, i) => [
                  i,
                  w.start.slice(0, 19),
                  w.rows,
                  w.versions.join(','),
                  w.drifted,
                  `${(w.share * 100).toFixed(0)}%`,
                  w.drift ? 'DRIFT' : 'ok',
                  `${(w.missingRate * 100).toFixed(1)}%`,
                  w.prediction ? (w.prediction.drift ? 'DRIFT' : 'ok') : '-',
                  w.performance ? w.performance.labelled : '-',
                  performanceText(w),
                  w.columns
                    .filter((c) => c.drift)
                    .map((c) => c.column)
                    .join(' '),
                ]),
              ]),
              r.firstDrift === null
                ? 'no window drifted'
                : `first drift in window ${r.firstDrift} (from ${r.windows[r.firstDrift]!.start})`,
              ...(html ? [`wrote ${html}`] : []),
            ].join('\n'),
          );
        },
      ),
    );
  registerMonitorRun(monitor, ctx);
}

function positiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new FlywheelError('INVALID_ARGUMENT', `${flag} must be a positive whole number, got "${text}"`, {
      hint: `e.g. ${flag} 50`,
    });
  return n;
}
