/**
 * A monitor report as one standalone HTML page (`flywheel monitor MODEL --html FILE`): a summary,
 * the share of drifted features per window against the dataset threshold, a heat table of every
 * feature's drift statistic per window, missing values over time, prediction and label drift per
 * window, performance over time (realised once labels arrive, the CBPE estimate ± 2 standard
 * errors before), and the reference-versus-current histograms of the window the report charts.
 * No scripts, no external resources; every name from the data is escaped.
 */
import { CHART_CSS } from '../../charts/index.js';
import { escapeHtml, htmlPage } from '../../core/index.js';
import type { ColumnDrift } from '../drift/index.js';
import { METHODS } from '../drift/index.js';
import type { MonitorColumn, MonitorReport, MonitorWindow } from '../monitor.js';
import { histogramSvg, shortNumber } from './drift-svg.js';
import { heatTable } from './monitor-heat.js';
import { type WindowSeries, windowChartSvg } from './monitor-svg.js';
import { driftRule, driftText, isTest, windowText } from './monitor-text.js';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;color:#1f2933;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:1.8rem 0 .5rem}h3{font-size:1rem;margin:0 0 .5rem}
.meta{color:#52606d;margin-bottom:1.2rem}.note{color:#52606d;font-size:.85rem}
table{border-collapse:collapse;margin:.6rem 0}td,th{padding:.25rem .6rem;text-align:left;border-bottom:1px solid #e4e7eb;white-space:nowrap}
th{background:#f5f7fa;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}.drift{color:#ab091e;font-weight:600}.ok{color:#0e7c3a}
section{border:1px solid #e4e7eb;border-radius:8px;padding:1rem 1.2rem;margin:1rem 0;display:grid;grid-template-columns:minmax(220px,1fr) 2fr;gap:1.2rem}
section h3{grid-column:1/-1}.tag{font-size:.8rem;background:#e6f6ff;color:#035388;border-radius:4px;padding:.1rem .4rem;margin-left:.4rem}
${CHART_CSS}`;

/** Palette slots of src/charts (Okabe–Ito): blue, vermillion, then the lines of single features. */
const BLUE = 0;
const ORANGE = 1;
const LINES = [2, 3, 4, 5];

/** Render a monitor report (with `histograms` when it has them) as a standalone HTML page. */
export function renderMonitorHtml(report: MonitorReport): string {
  const title = `Monitoring of ${report.model}`;
  return htmlPage(
    title,
    [
      summary(report),
      driftOverTime(report),
      heatTable(report.windows),
      missingOverTime(report.windows),
      windowTable(report.windows),
      performanceOverTime(report.windows),
      histograms(report),
    ].join('\n'),
    STYLE,
  );
}

const verdict = (drift: boolean) =>
  drift ? '<span class="drift">drift</span>' : '<span class="ok">no drift</span>';

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

function summary(r: MonitorReport): string {
  const rows = r.windows.reduce((k, w) => k + w.rows, 0);
  const drifted = r.windows.filter((w) => w.drift).length;
  const first =
    r.firstDrift === null
      ? `<span class="ok">no window drifted</span>`
      : `<span class="drift">window ${r.firstDrift}</span> (from ${escapeHtml(r.windows[r.firstDrift]!.start)}); ${drifted} of ${r.windows.length} windows drifted`;
  const facts: Array<[string, string]> = [
    ['model', escapeHtml(r.model)],
    ['reference', escapeHtml(r.reference)],
    ['window size', escapeHtml(windowText(r.window))],
    ['windows', `${r.windows.length} (${rows.toLocaleString('en-US')} rows)`],
    [
      'a window drifts when',
      `at least ${percent(r.datasetThreshold)} of its features drifted (dataset drift)`,
    ],
    ['first drift', first],
  ];
  const short = r.shortWindows;
  if (short && short.windows > 0)
    facts.push([
      'not compared',
      `${short.rows.toLocaleString('en-US')} of ${(r.loggedRows ?? rows + short.rows).toLocaleString('en-US')} logged rows, in ${short.windows} window(s) of fewer than ${short.minRows} rows`,
    ]);
  if (r.skippedLines) facts.push(['unreadable log lines', String(r.skippedLines)]);
  return `<table>${facts.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function driftOverTime(r: MonitorReport): string {
  const series: WindowSeries[] = [
    { name: 'share of drifted features', values: r.windows.map((w) => w.share), color: BLUE },
  ];
  const thresholds = [
    { value: r.datasetThreshold, label: `dataset threshold ${percent(r.datasetThreshold)}` },
  ];
  return (
    '<h2>Drift over time</h2>' +
    windowChartSvg({
      label: 'drift share per window',
      yLabel: 'drifted features',
      series,
      thresholds,
      range: [0, 1],
    })
  );
}

function missingOverTime(windows: MonitorWindow[]): string {
  const peak = (c: string) => Math.max(...windows.map((w) => w.missing[c] ?? 0));
  const worst = Object.keys(windows[0]?.missing ?? {})
    .filter((c) => peak(c) > 0)
    .sort((a, b) => peak(b) - peak(a))
    .slice(0, LINES.length);
  const series: WindowSeries[] = [
    { name: 'all features', values: windows.map((w) => w.missingRate), color: BLUE },
    ...worst.map((c, k) => ({
      name: c,
      values: windows.map((w) => w.missing[c] ?? null),
      color: LINES[k]!,
      dashed: true,
    })),
  ];
  return (
    '<h2>Missing values over time</h2>' +
    windowChartSvg({
      label: 'missing rate per window',
      yLabel: 'missing share',
      series,
      fromZero: true,
      bounds: [0, 1],
    })
  );
}

/** The verdict and the value compared with the threshold; the header names the test, the tooltip its statistic. */
function driftCell(c: MonitorColumn | undefined): string {
  if (!c) return '<td class="note">–</td>';
  const value = isTest(c.method) ? `p ${shortNumber(c.score)}` : shortNumber(c.score);
  return `<td title="${escapeHtml(driftText(c, shortNumber))}">${verdict(c.drift)} <span class="note">${value}</span></td>`;
}

/** `prediction drift (ztest p < 0.05)`: the header of a drift column names its rule. */
function driftHead(name: string, c: MonitorColumn | undefined): string {
  return c ? `${name}<br><span class="note">${escapeHtml(driftRule(c, shortNumber))}</span>` : name;
}

function windowTable(windows: MonitorWindow[]): string {
  // The versions column only when more than one version served (a rollout, a canary).
  const versions = new Set(windows.flatMap((w) => w.versions)).size > 1;
  const head = [
    'window',
    'from',
    'to',
    'rows',
    ...(versions ? ['versions'] : []),
    'drifted features',
    'verdict',
    'missing',
    driftHead('prediction drift', windows.find((w) => w.prediction)?.prediction),
    driftHead('label drift', windows.find((w) => w.label)?.label),
    'labelled',
  ];
  const time = (w: MonitorWindow) =>
    w.end.slice(0, 10) === w.start.slice(0, 10) ? w.end.slice(11, 19) : w.end.slice(0, 19).replace('T', ' ');
  const rows = windows.map(
    (w, i) =>
      `<tr><td>${i}</td><td>${escapeHtml(w.start.slice(0, 19).replace('T', ' '))}</td><td>${escapeHtml(time(w))}</td>` +
      `<td class="num">${w.rows}</td>${versions ? `<td>${w.versions.join(', ')}</td>` : ''}` +
      `<td class="num">${w.drifted} of ${w.columns.length} (${percent(w.share)})</td><td>${verdict(w.drift)}</td><td class="num">${percent(w.missingRate)}</td>` +
      `${driftCell(w.prediction)}${driftCell(w.label)}<td class="num">${w.performance ? w.performance.labelled : '–'}</td></tr>`,
  );
  return (
    '<h2>Windows: prediction and label drift</h2>' +
    `<div class="scroll"><table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

/** The headline metric: accuracy for classifiers, RMSE for regression (whichever the windows have). */
function headlineMetric(windows: MonitorWindow[]): string | undefined {
  const has = (k: string) =>
    windows.some(
      (w) => w.performance?.metrics?.[k] !== undefined || w.performance?.estimated?.[k] !== undefined,
    );
  return ['accuracy', 'rmse'].find(has);
}

function performanceOverTime(windows: MonitorWindow[]): string {
  const k = headlineMetric(windows);
  if (!k)
    return '<h2>Performance over time</h2><p class="note">No performance: the model\'s task is unknown, or no window has enough labels or logged probabilities yet.</p>';
  const estimated = windows.map((w) => w.performance?.estimated?.[k] ?? null);
  const band = windows.map((w, i): [number, number] | null => {
    const se = w.performance?.estimatedSe?.[k];
    const e = estimated[i];
    return se === undefined || e === null || e === undefined ? null : [e - 2 * se, e + 2 * se];
  });
  const series: WindowSeries[] = [
    { name: `realised ${k}`, values: windows.map((w) => w.performance?.metrics?.[k] ?? null), color: BLUE },
  ];
  if (estimated.some((v) => v !== null))
    series.push({
      name: `estimated ${k} (CBPE) ± 2 SE`,
      values: estimated,
      color: ORANGE,
      dashed: true,
      band,
    });
  return (
    '<h2>Performance over time</h2>' +
    `<p class="note">Realised ${k} in windows with enough labels; ${k === 'accuracy' ? 'the label-free CBPE estimate with a band of ± 2 standard errors in every window with logged probabilities.' : 'regression has no label-free estimate.'}</p>` +
    windowChartSvg({
      label: `${k} per window`,
      yLabel: k,
      series,
      // Accuracy lies in [0, 1]: the axis (and a ± 2 SE band) never runs past it.
      ...(k === 'rmse' ? { fromZero: true } : { bounds: [0, 1] as [number, number] }),
    })
  );
}

function histograms(r: MonitorReport): string {
  if (!r.histograms)
    return `<h2>Distributions</h2><p class="note">${r.windows.length === 0 ? 'No window to chart.' : 'No histograms in this report.'}</p>`;
  const { window, columns } = r.histograms;
  const w = r.windows[window];
  const why = w?.drift
    ? 'the first window with dataset drift'
    : 'the last window (no window had dataset drift)';
  return (
    `<h2>Reference vs window ${window}</h2>` +
    `<p class="meta">${why}${w ? `, from ${escapeHtml(w.start)} to ${escapeHtml(w.end)}, ${w.rows} rows` : ''}</p>` +
    columns.map((c) => columnSection(c, [r.reference, `window ${window}`])).join('')
  );
}

function columnSection(c: ColumnDrift, names: [string, string]): string {
  const facts = [
    ['method', `${c.method} (${METHODS[c.method].title})`],
    ['measured', driftText(c, shortNumber)],
    ['reference values', `${c.reference.count} (${c.reference.missing} missing)`],
    ['window values', `${c.current.count} (${c.current.missing} missing)`],
  ].map(([k, v]) => `<tr><td>${k}</td><td>${escapeHtml(v!)}</td></tr>`);
  const chart = c.histogram
    ? histogramSvg(c.histogram, c.column, names)
    : '<p class="note">No histogram for this column.</p>';
  const role = c.role === 'feature' ? '' : `<span class="tag">${c.role}</span>`;
  return (
    `<section><h3>${escapeHtml(c.column)}${role}<span class="tag">${c.kind}</span> ${verdict(c.drift)}</h3>` +
    `<div><table>${facts.join('')}</table></div><div>${chart}</div></section>`
  );
}
