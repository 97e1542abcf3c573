/** `flywheel monitor` and `flywheel monitor run` as they run: the platform called, the reports printed. */
import { resolve } from 'node:path';
import { ERROR_CATALOG, FlywheelError, parseDuration, writeFileAtomic } from '../../core/index.js';
import {
  type MonitorRunReport,
  type MonitorWindow,
  renderMonitorHtml,
  watchMonitor,
} from '../../monitoring/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult, table } from '../output.js';

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

function positiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new FlywheelError('INVALID_ARGUMENT', `${flag} must be a positive whole number, got "${text}"`, {
      hint: `e.g. ${flag} 50`,
    });
  return n;
}
