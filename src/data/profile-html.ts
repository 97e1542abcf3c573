/**
 * A profile as one standalone HTML page: an overview table, then one section per column with its
 * statistics and a chart (a histogram for numbers and timestamps, a bar chart of the most frequent
 * values for everything else). Charts are inline SVG and styles are inline CSS: the file needs no
 * network, no scripts and no other files, so it can be mailed, archived or opened offline.
 */

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
svg text{font:11px system-ui,sans-serif;fill:#52606d}.bar{fill:#2680c2}.bar:hover{fill:#0b69a3}
.note{color:#7b8794;font-size:.85rem}`;

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
        ? topKSvg(c.topK)
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
  const width = 560;
  const height = 180;
  const plot = { left: 8, right: width - 8, top: 8, bottom: height - 24 };
  const max = Math.max(1, ...h.counts);
  const barWidth = (plot.right - plot.left) / h.counts.length;
  const bars = h.counts.map((count, i) => {
    const barHeight = ((plot.bottom - plot.top) * count) / max;
    const label = `[${formatValue(c, h.edges[i]!)}, ${formatValue(c, h.edges[i + 1]!)}${i === h.counts.length - 1 ? ']' : ')'}: ${formatNumber(count)}`;
    return (
      `<rect class="bar" x="${(plot.left + i * barWidth + 1).toFixed(1)}" y="${(plot.bottom - barHeight).toFixed(1)}" ` +
      `width="${Math.max(1, barWidth - 2).toFixed(1)}" height="${barHeight.toFixed(1)}"><title>${escapeHtml(label)}</title></rect>`
    );
  });
  const axis =
    `<text x="${plot.left}" y="${height - 6}">${escapeHtml(formatValue(c, h.edges[0]!))}</text>` +
    `<text x="${plot.right}" y="${height - 6}" text-anchor="end">${escapeHtml(formatValue(c, h.edges.at(-1)!))}</text>`;
  return `<svg class="histogram" role="img" aria-label="histogram of ${escapeHtml(c.name)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars.join('')}${axis}</svg>`;
}

function topKSvg(top: readonly TopValue[]): string {
  const rowHeight = 22;
  const width = 560;
  const labelWidth = 180;
  const max = Math.max(1, ...top.map((t) => t.count));
  const rows = top.map((t, i) => {
    const y = i * rowHeight;
    const barWidth = ((width - labelWidth - 80) * t.count) / max;
    const label = truncate(String(t.value), 28);
    return (
      `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text>` +
      `<rect class="bar" x="${labelWidth}" y="${y + 4}" width="${Math.max(1, barWidth).toFixed(1)}" height="${rowHeight - 8}">` +
      `<title>${escapeHtml(`${String(t.value)}: ${formatNumber(t.count)}`)}</title></rect>` +
      `<text x="${(labelWidth + barWidth + 6).toFixed(1)}" y="${y + 15}">${formatNumber(t.count)}</text>`
    );
  });
  const height = top.length * rowHeight + 4;
  return `<svg class="topk" role="img" aria-label="most frequent values" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rows.join('')}</svg>`;
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

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function anchor(name: string): string {
  return `col-${encodeURIComponent(name).replace(/%/g, '_')}`;
}
