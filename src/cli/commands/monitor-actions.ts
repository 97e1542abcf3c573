/** `flywheel monitor` and `flywheel monitor run` as they run: the platform called, the reports printed. */
import { resolve } from 'node:path';
import { ERROR_CATALOG, FlywheelError, parseDuration, readEnv, writeFileAtomic } from '../../core/index.js';
import { setIsolatedReads } from '../../data/index.js';
import { renderMonitorHtml, watchMonitor } from '../../monitoring/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';
import { formatMonitor, formatRun, terminalWidth } from './monitor-format.js';

/** Run `flywheel monitor run [MODEL…]`, once or with --watch. */
export async function runMonitorRun(
  ctx: CommandContext,
  models: string[],
  opts: { watch?: boolean; interval: string },
): Promise<void> {
  const g = ctx.globals();
  const interval = parseDuration(opts.interval);
  await withPlatform(ctx, async (p) => {
    if (!opts.watch) {
      const report = await p.monitorRun(models);
      printResult(ctx.streams, g, report, formatRun);
      if (report.exit) ctx.exitCode = ERROR_CATALOG.CHECK_FAILED.exit;
      return;
    }
    // A long-running process: DuckDB reads each file in a child, so a damaged file fails one run only.
    setIsolatedReads(true);
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
}

/** The flags of `flywheel monitor MODEL`. */
export interface MonitorFlags {
  reference?: string;
  window: string;
  columns?: string;
  logDir?: string;
  minLabels: string;
  html?: string;
}

/** Run `flywheel monitor MODEL`. */
export async function runMonitor(ctx: CommandContext, model: string, opts: MonitorFlags): Promise<void> {
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
    formatMonitor(r, terminalWidth(ctx.streams.stdout, readEnv(ctx.env))),
  );
}

function positiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new FlywheelError('INVALID_ARGUMENT', `${flag} must be a positive whole number, got "${text}"`, {
      hint: `e.g. ${flag} 50`,
    });
  return n;
}
