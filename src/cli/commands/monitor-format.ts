/**
 * `flywheel monitor` and `flywheel monitor run` as text. One definition of a drifted window (dataset
 * drift: the share of drifted features reached the threshold) in every line; prediction and label
 * drift with their test named; the window table fitted to the terminal's width (less important
 * columns dropped, and said so) and the drifted features listed under it, truncated to the width.
 */
import type { FlywheelEnv } from '../../core/index.js';
import type { MonitorReport, MonitorRunReport, MonitorWindow } from '../../monitoring/index.js';
import { driftRule, windowText } from '../../monitoring/index.js';
import { num, table } from '../output.js';

const pct = (v: number) => `${num(100 * v, 3)}%`;
const count = (n: number) => n.toLocaleString('en-US');
const rowsText = (n: number) => `${count(n)} row${n === 1 ? '' : 's'}`;

/** The terminal width to fit: the TTY's, else COLUMNS, else none (a file or a pipe gets everything). */
export function terminalWidth(stdout: object, env: Pick<FlywheelEnv, 'COLUMNS'>): number {
  const columns = (stdout as { columns?: unknown }).columns;
  if (typeof columns === 'number' && columns > 0) return columns;
  return env.COLUMNS ?? Number.POSITIVE_INFINITY;
}

/** A column of the window table: its header, its cell, and whether it may be dropped to fit. */
interface Column {
  head: string;
  cell(w: MonitorWindow, i: number): string;
  /** Dropped first when the table is too wide (lower first); undefined: always shown. */
  drop?: number;
}

/** The monitor report as text at most `width` characters wide. */
export function formatMonitor(
  r: MonitorReport & { html?: string },
  width = Number.POSITIVE_INFINITY,
): string {
  const compared = r.windows.reduce((k, w) => k + w.rows, 0);
  const logged = r.loggedRows ?? compared;
  const lines = wrap(
    `${r.model} traffic against ${r.reference}: ${rowsText(logged)} logged, windows of ${windowText(r.window)}` +
      (r.skippedLines ? ` (${r.skippedLines} unreadable log lines skipped)` : ''),
    width,
  );
  const short = r.shortWindows;
  if (r.windows.length === 0) {
    lines.push(
      ...wrap(
        `no window to compare yet: a window needs at least ${short?.minRows ?? 30} rows, and ${logged === 1 ? 'the 1 row' : `the ${rowsText(logged)}`} logged so far do${logged === 1 ? 'es' : ''} not make one`,
        width,
      ),
    );
    return [...lines, ...(r.html ? [`wrote ${r.html}`] : [])].join('\n');
  }
  const drifted = r.windows.filter((w) => w.drift).length;
  lines.push(
    ...wrap(
      `a window drifts when at least ${pct(r.datasetThreshold)} of its features drift: ` +
        (r.firstDrift === null
          ? `no window drifted (of ${r.windows.length})`
          : `${drifted} of ${r.windows.length} windows drifted, the first is window ${r.firstDrift} (from ${r.windows[r.firstDrift]!.start})`),
      width,
    ),
    '',
    ...windowTable(r.windows, width),
  );
  if (short && short.windows > 0)
    lines.push(
      ...wrap(
        `not compared: ${rowsText(short.rows)} in ${short.windows} window(s) of fewer than ${short.minRows} rows (the newest window fills up as traffic arrives)`,
        width,
      ),
    );
  lines.push(...driftedFeatures(r.windows, width));
  if (r.html) lines.push(`wrote ${r.html}`);
  return lines.join('\n');
}

function windowTable(windows: MonitorWindow[], width: number): string[] {
  const oneDay = new Set(windows.map((w) => w.start.slice(0, 10))).size === 1;
  const versions = new Set(windows.flatMap((w) => w.versions)).size > 1;
  const metric = headlineMetric(windows);
  const columns: Column[] = [
    { head: 'WINDOW', cell: (_, i) => String(i) },
    {
      head: oneDay ? `FROM (${windows[0]!.start.slice(0, 10)})` : 'FROM',
      cell: (w) => (oneDay ? w.start.slice(11, 19) : w.start.slice(0, 19).replace('T', ' ')),
      drop: 4,
    },
    { head: 'ROWS', cell: (w) => String(w.rows) },
    ...(versions ? [{ head: 'VERSIONS', cell: (w: MonitorWindow) => w.versions.join(','), drop: 1 }] : []),
    { head: 'DRIFTED', cell: (w) => `${w.drifted}/${w.columns.length} ${pct(w.share)}` },
    { head: 'VERDICT', cell: (w) => (w.drift ? 'DRIFT' : 'ok') },
    { head: 'MISSING', cell: (w) => pct(w.missingRate), drop: 3 },
    { head: 'PREDICTION', cell: (w) => verdictCell(w.prediction), drop: 5 },
    { head: 'LABEL', cell: (w) => verdictCell(w.label), drop: 2 },
    { head: 'LABELLED', cell: (w) => (w.performance ? String(w.performance.labelled) : '-'), drop: 2 },
    ...(metric
      ? [{ head: metric.toUpperCase(), cell: (w: MonitorWindow) => performanceCell(w, metric), drop: 6 }]
      : []),
  ];
  const shown = [...columns];
  const render = () =>
    table([shown.map((c) => c.head), ...windows.map((w, i) => shown.map((c) => c.cell(w, i)))]);
  let text = render();
  const dropped: string[] = [];
  while (widest(text) > width) {
    const next = shown.filter((c) => c.drop !== undefined).sort((a, b) => a.drop! - b.drop!)[0];
    if (!next) break;
    shown.splice(shown.indexOf(next), 1);
    dropped.push(next.head);
    text = render();
  }
  const notes = legend(windows, shown, metric);
  if (dropped.length)
    notes.push(`left out to fit ${width} columns: ${dropped.join(', ')} (--json or --html has them)`);
  return [text, ...notes.flatMap((n) => wrap(n, width))];
}

const widest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

/** `ok p 0.31` or `DRIFT 0.24`: the verdict and the value compared with the threshold (the legend names the method). */
function verdictCell(c: MonitorWindow['prediction']): string {
  if (!c) return '-';
  const value = c.pValue === null ? num(c.score) : `p ${num(c.score)}`;
  return `${c.drift ? 'DRIFT' : 'ok'} ${value}`;
}

/** What the PREDICTION, LABEL and performance columns measured, once under the table. */
function legend(windows: MonitorWindow[], shown: Column[], metric: string | undefined): string[] {
  const out: string[] = [];
  const has = (head: string) => shown.some((c) => c.head === head);
  const p = windows.find((w) => w.prediction)?.prediction;
  if (p && has('PREDICTION'))
    out.push(
      `PREDICTION: the model's outputs against its outputs on the reference, ${driftRule(p, num)} means drift`,
    );
  const l = windows.find((w) => w.label)?.label;
  if (l && has('LABEL'))
    out.push(`LABEL: the delayed labels against the reference's target, ${driftRule(l, num)} means drift`);
  if (metric && has(metric.toUpperCase()))
    out.push(
      `${metric.toUpperCase()}: realised once a window has enough labels; ~ marks the label-free CBPE estimate ± 2 standard errors`,
    );
  return out;
}

/** The headline metric the windows have: accuracy for classifiers, RMSE for regression. */
function headlineMetric(windows: MonitorWindow[]): 'accuracy' | 'rmse' | undefined {
  const has = (k: string) =>
    windows.some(
      (w) => w.performance?.metrics?.[k] !== undefined || w.performance?.estimated?.[k] !== undefined,
    );
  return has('accuracy') ? 'accuracy' : has('rmse') ? 'rmse' : undefined;
}

function performanceCell(w: MonitorWindow, k: string): string {
  const p = w.performance;
  const real = p?.metrics?.[k];
  if (real !== undefined) return num(real, 3);
  const est = p?.estimated?.[k];
  if (est === undefined) return '-';
  const se = p?.estimatedSe?.[k];
  return `~${num(est, 3)}${se === undefined ? '' : ` ±${num(2 * se, 2)}`}`;
}

/** The features that drifted in each window, most drifted first; one line per window, cut to `width`. */
function driftedFeatures(windows: MonitorWindow[], width: number): string[] {
  const lines: string[] = [];
  windows.forEach((w, i) => {
    const names = w.columns
      .filter((c) => c.drift)
      .sort((a, b) => driftStrength(b) - driftStrength(a))
      .map((c) => c.column);
    if (names.length > 0) lines.push(listLine(`  window ${i}: `, names, width));
  });
  return lines.length === 0 ? [] : ['', 'drifted features, strongest first:', ...lines];
}

/** How far past its threshold a column is (tests: how many times below it; distances: how many times above). */
function driftStrength(c: MonitorWindow['columns'][number]): number {
  return c.pValue === null ? c.score / c.threshold : c.threshold / Math.max(c.score, 1e-300);
}

/** `prefix a, b, c … and 12 more`, as many names as fit in `width`. */
function listLine(prefix: string, names: string[], width: number): string {
  let line = prefix;
  for (let k = 0; k < names.length; k++) {
    const sep = k === 0 ? '' : ', ';
    const more = names.length - k - 1;
    const tail = more > 0 ? ` … and ${more} more` : '';
    if ((line + sep + names[k]! + tail).length > width && k > 0)
      return `${line} … and ${names.length - k} more`;
    line += sep + names[k]!;
  }
  return line;
}

/** A note wrapped at word boundaries to `width`, continuation lines indented by two spaces. */
function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (next.length > width && line.trim() !== '') {
      lines.push(line);
      line = `  ${word}`;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** `flywheel monitor run` as text: per model the windows, the first drifted one, and the alerts. */
export function formatRun(r: MonitorRunReport): string {
  const lines = [`monitor run at ${r.time}: ${r.fired} new alert(s)`];
  for (const m of r.models) {
    if (m.error) {
      lines.push(`  ${m.model}: skipped (${m.error.message})`);
      continue;
    }
    const latest = m.latest;
    lines.push(
      `  ${m.model}: ${m.windows} window(s)${m.firstDrift === null ? ', no window drifted' : `, first drifted window ${m.firstDrift}`}` +
        (latest ? `; latest drift share ${pct(latest.drift_share ?? 0)}` : ''),
    );
    for (const a of m.alerts) {
      const actions = a.results.map(
        (x) => `${x.action} ${x.ok ? 'ok' : `failed${x.error ? ` (${x.error})` : ''}`}`,
      );
      lines.push(
        `    ${a.duplicate ? 'already raised' : 'ALERT'} ${a.alert}: ${a.rule} (value ${num(a.value)}, window from ${a.windowStart.slice(0, 19)})` +
          (actions.length ? ` — ${actions.join(', ')}` : '') +
          (a.runs.length ? ` — retrain run ${a.runs.join(', ')}` : ''),
      );
    }
    for (const w of m.warnings) lines.push(`    warning: ${w}`);
  }
  return lines.join('\n');
}
