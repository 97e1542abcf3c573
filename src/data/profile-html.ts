/**
 * A profile as one standalone HTML page: an overview table, then one section per column with its
 * statistics and a chart (a histogram for numbers and timestamps, a bar chart of the most frequent
 * values for everything else). Charts are inline SVG from src/charts (the dashboard draws the same) and styles are inline CSS: the file needs no
 * network, no scripts and no other files, so it can be mailed, archived or opened offline.
 */

import { barChart, CHART_CSS, histogram } from '../charts/index.js';
import { escapeHtml, htmlPage } from '../core/html.js';
import type { Histogram } from './histogram.js';
import type { ColumnProfile, DatasetProfile, TopValue } from './profile-types.js';

/** Options for the HTML report. */
export interface ProfileHtmlOptions {
  /** The page title (default "Data profile"). */
  title?: string;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;color:#1f2933;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:0 0 .6rem}
.meta{color:#52606d;margin-bottom:1.5rem}
table{border-collapse:collapse}td,th{padding:.25rem .6rem;text-align:left;border-bottom:1px solid #e4e7eb}
th{background:#f5f7fa;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
section{border:1px solid #e4e7eb;border-radius:8px;padding:1rem 1.2rem;margin:1rem 0;display:grid;grid-template-columns:minmax(260px,1fr) 2fr;gap:1.2rem}
section h2{grid-column:1/-1}.type{font-size:.8rem;background:#e6f6ff;color:#035388;border-radius:4px;padding:.1rem .4rem;margin-left:.4rem}
svg text{font:11px system-ui,sans-serif;fill:#52606d}
.note{color:#7b8794;font-size:.85rem}${CHART_CSS}`;

/** Render a profile as a standalone HTML document. */
export function renderProfileHtml(profile: DatasetProfile, options: ProfileHtmlOptions = {}): string {
  const title = options.title ?? 'Data profile';
  return htmlPage(
    title,
    [
      `<p class="meta">${formatNumber(profile.rowCount)} rows · ${profile.columns.length} columns</p>`,
      overview(profile),
      ...profile.columns.map(columnSection),
    ].join('\n'),
    STYLE,
  );
}

function overview(profile: DatasetProfile): string {
  const rows = profile.columns.map((c) => {
    const nullShare = c.count === 0 ? 0 : (100 * c.nulls) / c.count;
    return (
      `<tr><td><a href="#${anchor(c.name)}">${escapeHtml(c.name)}</a></td><td>${c.type}</td>` +
      `<td class="num">${formatNumber(c.nulls)} (${nullShare.toFixed(1)}%)</td>` +
      `<td class="num">${c.distinctExact ? '' : '≈'}${formatNumber(c.distinct)}</td>` +
      `<td class="num">${c.mean === null ? '' : formatValue(c, c.mean)}</td></tr>`
    );
  });
  return (
    '<table><thead><tr><th>column</th><th>type</th><th>nulls</th><th>distinct</th><th>mean</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function columnSection(c: ColumnProfile): string {
  const chart =
    c.histogram !== null && c.type !== 'boolean'
      ? histogramSvg(c, c.histogram)
      : c.topK.length > 0
        ? topKSvg(c, c.topK)
        : '<p class="note">No values to chart.</p>';
  return (
    `<section id="${anchor(c.name)}"><h2>${escapeHtml(c.name)}<span class="type">${c.type}</span></h2>` +
    `<div>${statsTable(c)}</div><div>${chart}${c.sampled ? '<p class="note">Quantiles, histogram and top values come from a uniform sample.</p>' : ''}</div></section>`
  );
}

function statsTable(c: ColumnProfile): string {
  const rows: [string, string][] = [
    ['rows', formatNumber(c.count)],
    ['nulls', formatNumber(c.nulls)],
    ['distinct', `${c.distinctExact ? '' : '≈ '}${formatNumber(c.distinct)}`],
  ];
  if (c.nan > 0) rows.push(['NaN', formatNumber(c.nan)]);
  if (c.infinite > 0) rows.push(['infinite', formatNumber(c.infinite)]);
  for (const [label, value] of [
    ['min', c.min],
    ['max', c.max],
    ['mean', c.mean],
  ] as const) {
    if (value !== null) rows.push([label, formatValue(c, value)]);
  }
  if (c.std !== null)
    rows.push(['std', c.kind === 'timestamp' ? `${formatNumber(c.std)} ms` : formatNumber(c.std)]);
  for (const { q, value } of c.quantiles) rows.push([`p${+(q * 100).toFixed(2)}`, formatValue(c, value)]);
  if (c.length !== null) {
    rows.push(['length', `${c.length.min}–${c.length.max} (mean ${formatNumber(c.length.mean)})`]);
  }
  const body = rows.map(([k, v]) => `<tr><th>${k}</th><td class="num">${escapeHtml(v)}</td></tr>`).join('');
  return `<table>${body}</table>`;
}

function histogramSvg(c: ColumnProfile, h: Histogram): string {
  return histogram({
    title: `histogram of ${c.name}`,
    edges: h.edges,
    series: [{ name: 'rows', values: h.counts }],
    value: formatNumber,
    valueLabel: 'rows',
    // Timestamps: round UTC times as ticks, the full time in the tooltips.
    x: c.kind === 'timestamp' ? { kind: 'time' } : { format: (v) => formatValue(c, v) },
    height: 180,
  });
}

function topKSvg(c: ColumnProfile, top: readonly TopValue[]): string {
  return barChart({
    title: `most frequent values of ${c.name}`,
    orientation: 'horizontal',
    labels: top.map((t) => String(t.value)),
    series: [{ name: 'rows', values: top.map((t) => t.count) }],
    value: formatNumber,
  });
}

function formatValue(c: ColumnProfile, value: number): string {
  if (c.kind === 'timestamp' && Number.isFinite(value)) return new Date(value).toISOString();
  return formatNumber(value);
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(4);
  return String(Number(value.toPrecision(6)));
}

function anchor(name: string): string {
  return `col-${encodeURIComponent(name).replace(/%/g, '_')}`;
}
