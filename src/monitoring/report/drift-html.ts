/**
 * A drift report as one standalone HTML page: a summary (dataset drift, label and prediction
 * drift, the multivariate detector), a table of every column's method, statistic, p-value or
 * distance, threshold and verdict, then one section per column with the reference and current
 * histograms as inline SVG. No scripts, no external resources: the file can be mailed or archived.
 */
import { CHART_CSS } from '../../charts/index.js';
import { escapeHtml, htmlPage } from '../../core/index.js';
import type { ColumnDrift, DriftReport } from '../drift/index.js';
import { METHODS } from '../drift/index.js';
import { histogramSvg, shortNumber } from './drift-svg.js';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;color:#1f2933;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:0 0 .6rem}
.meta{color:#52606d;margin-bottom:1.2rem}
table{border-collapse:collapse;margin:.6rem 0}td,th{padding:.25rem .6rem;text-align:left;border-bottom:1px solid #e4e7eb}
th{background:#f5f7fa;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.drift{color:#ab091e;font-weight:600}.ok{color:#0e7c3a}
section{border:1px solid #e4e7eb;border-radius:8px;padding:1rem 1.2rem;margin:1rem 0;display:grid;grid-template-columns:minmax(240px,1fr) 2fr;gap:1.2rem}
section h2{grid-column:1/-1}.tag{font-size:.8rem;background:#e6f6ff;color:#035388;border-radius:4px;padding:.1rem .4rem;margin-left:.4rem}
.note{color:#7b8794;font-size:.85rem}${CHART_CSS}`;

/** Options for the HTML report. */
export interface DriftHtmlOptions {
  title?: string;
  /** Labels of the two sides (default "reference" and "current"). */
  referenceLabel?: string;
  currentLabel?: string;
}

/** Render a drift report as a standalone HTML document. */
export function renderDriftHtml(report: DriftReport, options: DriftHtmlOptions = {}): string {
  const title = options.title ?? 'Data drift';
  const refLabel = options.referenceLabel ?? 'reference';
  const curLabel = options.currentLabel ?? 'current';
  return htmlPage(
    title,
    [
      `<p class="meta">${escapeHtml(refLabel)}: ${report.reference.rows.toLocaleString('en-US')} rows · ${escapeHtml(curLabel)}: ${report.current.rows.toLocaleString('en-US')} rows · correction: ${report.correction}</p>`,
      summary(report),
      overview(report.columns),
      skippedList(report),
      ...report.columns.map((c) => section(c, [refLabel, curLabel])),
    ].join('\n'),
    STYLE,
  );
}

const verdict = (drift: boolean) =>
  drift ? '<span class="drift">drift</span>' : '<span class="ok">no drift</span>';

function summary(report: DriftReport): string {
  const d = report.dataset;
  const lines = [
    `<li>Dataset drift: ${verdict(d.drift)} — ${d.drifted} of ${d.columns} feature columns drifted (${(100 * d.share).toFixed(1)}%; threshold ${(100 * d.threshold).toFixed(0)}%)</li>`,
  ];
  if (report.target)
    lines.push(`<li>Label drift (${escapeHtml(report.target.column)}): ${verdict(report.target.drift)}</li>`);
  if (report.prediction)
    lines.push(
      `<li>Prediction drift (${escapeHtml(report.prediction.column)}): ${verdict(report.prediction.drift)}</li>`,
    );
  const m = report.multivariate;
  if (m)
    lines.push(
      `<li>Multivariate (PCA reconstruction error, ${m.components} components, ${(100 * m.explained).toFixed(0)}% of the variance): ${verdict(m.drift)} — error ${shortNumber(m.referenceError)} → ${shortNumber(m.currentError)}, p = ${shortNumber(m.pValue)}</li>`,
    );
  return `<ul>${lines.join('')}</ul>`;
}

function overview(columns: ColumnDrift[]): string {
  const rows = columns.map(
    (c) =>
      `<tr><td><a href="#c-${encodeURIComponent(c.column)}">${escapeHtml(c.column)}</a>${c.role === 'feature' ? '' : ` <span class="tag">${c.role}</span>`}</td>` +
      `<td>${c.kind}</td><td>${c.method}</td><td class="num">${shortNumber(c.statistic)}</td>` +
      `<td class="num">${c.pValue === null ? '' : shortNumber(c.score)}</td><td class="num">${c.pValue === null ? shortNumber(c.score) : ''}</td>` +
      `<td class="num">${shortNumber(c.threshold)}</td><td>${verdict(c.drift)}</td></tr>`,
  );
  return (
    '<table><thead><tr><th>column</th><th>kind</th><th>method</th><th>statistic</th><th>p-value</th><th>distance</th><th>threshold</th><th>verdict</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function skippedList(report: DriftReport): string {
  if (report.skipped.length === 0) return '';
  const items = report.skipped.map((s) => `<li>${escapeHtml(s.column)}: ${escapeHtml(s.reason)}</li>`);
  return `<p class="note">Not compared:</p><ul class="note">${items.join('')}</ul>`;
}

function section(c: ColumnDrift, names: [string, string]): string {
  const stats = Object.entries(c.statistics).map(
    ([k, v]) => `<tr><td>${k}</td><td class="num">${shortNumber(v)}</td></tr>`,
  );
  const facts = [
    ['method', `${c.method} (${METHODS[c.method].title}; ${c.methodSource})`],
    [
      'reference values',
      `${c.reference.count.toLocaleString('en-US')} (${c.reference.missing.toLocaleString('en-US')} missing)`,
    ],
    [
      'current values',
      `${c.current.count.toLocaleString('en-US')} (${c.current.missing.toLocaleString('en-US')} missing)`,
    ],
  ].map(([k, v]) => `<tr><td>${k}</td><td>${escapeHtml(v!)}</td></tr>`);
  const chart = c.histogram
    ? histogramSvg(c.histogram, c.column, names)
    : '<p class="note">No histogram in this report.</p>';
  return (
    `<section id="c-${encodeURIComponent(c.column)}"><h2>${escapeHtml(c.column)}<span class="tag">${c.kind}</span> ${verdict(c.drift)}</h2>` +
    `<div><table>${facts.join('')}${stats.join('')}</table></div><div>${chart}</div></section>`
  );
}
