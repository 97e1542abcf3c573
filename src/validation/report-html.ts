/** A standalone HTML page for a validation report: a summary, then every expectation with its detail. */
import { escapeHtml } from '../core/index.js';
import type { ExpectationResult, ObservedValue, ValidationReport } from './result.js';

/** What the page says about the data checked. */
export interface ReportHtmlOptions {
  /** The data checked (a path or name:N). */
  source: string;
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2733}
h1{font-size:1.4rem;margin:0 0 .3rem}.sub{color:#5b6775;margin-bottom:1.2rem}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:.8rem;font-weight:600;font-size:.8rem}
.pass{background:#dff5e3;color:#176c2c}.fail{background:#fde2e1;color:#a01c16}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e7ec;vertical-align:top}
th{background:#f4f6f8;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
details{margin:.2rem 0}code{font-size:.85em;background:#f4f6f8;padding:0 .2rem;border-radius:.2rem}
`;

/** Render a report as one self-contained HTML page (no scripts, no external resources). */
export function renderReportHtml(report: ValidationReport, options: ReportHtmlOptions): string {
  const verdict = report.success ? badge(true, 'PASSED') : badge(false, 'FAILED');
  const rows = report.results.map(resultRow).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Validation of ${escapeHtml(options.source)}</title>
<style>${STYLE}</style></head><body>
<h1>Suite ${escapeHtml(report.suite.name)} on ${escapeHtml(options.source)} ${verdict}</h1>
<div class="sub">${report.rowCount.toLocaleString('en-US')} rows × ${report.columnCount} columns ·
${report.evaluated} expectations, ${report.failed} failed · ${report.elapsedMs.toFixed(1)} ms ·
suite digest <code>${report.suite.digest.slice(0, 12)}</code></div>
<table><thead><tr><th>status</th><th>expectation</th><th>observed</th><th class="num">unexpected</th>
<th class="num">%</th><th>detail</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}

function badge(ok: boolean, text: string): string {
  return `<span class="badge ${ok ? 'pass' : 'fail'}">${text}</span>`;
}

function resultRow(r: ExpectationResult): string {
  const examples =
    r.unexpectedRows.length === 0
      ? ''
      : `<details><summary>first ${r.unexpectedRows.length} unexpected</summary><table><tr><th>row</th><th>value</th></tr>${r.unexpectedRows
          .map(
            (row, i) =>
              `<tr><td class="num">${row}</td><td>${escapeHtml(JSON.stringify(r.unexpectedValues[i] ?? null))}</td></tr>`,
          )
          .join('')}</table></details>`;
  const scope =
    r.scope === 'aggregate' || r.scope === 'table' ? '' : ` (${r.checkedCount} checked, ${r.nullCount} null)`;
  return `<tr><td>${badge(r.success, r.success ? 'pass' : 'fail')}</td>
<td><b>${escapeHtml(r.id)}</b><br><code>${escapeHtml(r.expect)}</code> · ${r.scope}</td>
<td>${escapeHtml(observedText(r.observed))}</td>
<td class="num">${r.unexpectedCount}</td><td class="num">${r.unexpectedPercent.toFixed(2)}</td>
<td>${escapeHtml(r.message)}${escapeHtml(scope)}${examples}</td></tr>`;
}

/** An observed value as short text. */
export function observedText(observed: ObservedValue): string {
  if (observed === null) return '–';
  if (Array.isArray(observed)) {
    const shown = observed.slice(0, 10).map((v) => JSON.stringify(v));
    return `[${shown.join(', ')}${observed.length > 10 ? `, … ${observed.length} in all` : ''}]`;
  }
  if (typeof observed === 'object') {
    return Object.entries(observed)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
  }
  return typeof observed === 'number' && !Number.isInteger(observed)
    ? String(Number(observed.toPrecision(6)))
    : String(observed);
}
