/**
 * The labeling report as one standalone HTML page (no external resources): the chosen model beside
 * majority vote, then one row per LF with Snorkel's statistics, bars for coverage, overlaps and
 * conflicts, the learned accuracy and, with gold labels, the empirical one.
 */
import { escapeHtml, htmlPage } from '../core/index.js';
import type { LabelReport, ModelSummary } from './report.js';

const fmt = (v: number | undefined, digits = 4): string =>
  v === undefined ? '–' : String(Number(v.toPrecision(digits)));
const pct = (v: number | undefined): string => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);

/** Render a labeling report as a standalone page. */
export function renderLabelReportHtml(report: LabelReport): string {
  const models = [report.majority, ...(report.model.kind === 'majority' ? [] : [report.model])];
  const hasGold = report.analysis.lfs.some((s) => s.correct !== undefined);
  const hasDev = report.dev !== undefined;
  const modelRows = models
    .map(
      (m: ModelSummary) =>
        `<tr><td>${escapeHtml(m.kind)}</td><td>${m.labelled}</td><td>${pct(m.coverage)}</td>${hasGold ? `<td>${pct(m.accuracy)}</td>` : ''}${hasDev ? `<td>${pct(m.devAccuracy)}</td>` : ''}</tr>`,
    )
    .join('');
  const learned = report.analysis.lfs.some((s) => s.learnedAccuracy !== undefined);
  const lfRows = report.analysis.lfs
    .map((s) => {
      const cells = [
        `<td>${escapeHtml(s.name)}</td>`,
        `<td>${escapeHtml(s.polarity.map((y) => report.labels[y] ?? String(y)).join(', '))}</td>`,
        `<td>${bar(s.coverage)} ${pct(s.coverage)}</td>`,
        `<td>${bar(s.overlaps)} ${pct(s.overlaps)}</td>`,
        `<td>${bar(s.conflicts)} ${pct(s.conflicts)}</td>`,
      ];
      if (hasGold)
        cells.push(`<td>${s.correct}</td><td>${s.incorrect}</td><td>${fmt(s.empiricalAccuracy)}</td>`);
      if (learned) cells.push(`<td>${fmt(s.learnedAccuracy)}</td>`);
      cells.push(`<td${s.errors > 0 ? ' class="bad"' : ''}>${s.errors}</td>`);
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');
  const a = report.analysis;
  const body = [
    `<p>${escapeHtml(report.data)}: ${report.rows} rows, labels ${escapeHtml(report.labels.join(', '))}. LFs from ${escapeHtml(report.lfFile)} (sha256 ${escapeHtml(report.lfHash.slice(0, 12))}…).</p>`,
    `<p>Rows with a vote: ${pct(a.labelCoverage)}; with two or more: ${pct(a.labelOverlap)}; with a conflict: ${pct(a.labelConflict)}. Agreement of ${escapeHtml(report.model.kind)} with majority vote on rows both label: ${pct(report.agreement)}.</p>`,
    '<h2>Models</h2>',
    `<table><tr><th>model</th><th>labelled rows</th><th>coverage</th>${hasGold ? '<th>accuracy (gold)</th>' : ''}${hasDev ? '<th>dev accuracy</th>' : ''}</tr>${modelRows}</table>`,
    '<h2>Labeling functions</h2>',
    `<table><tr><th>LF</th><th>polarity</th><th>coverage</th><th>overlaps</th><th>conflicts</th>${hasGold ? '<th>correct</th><th>incorrect</th><th>emp. acc.</th>' : ''}${learned ? '<th>learned acc.</th>' : ''}<th>errors</th></tr>${lfRows}</table>`,
    '<p>Definitions as Snorkel’s LFAnalysis: overlaps and conflicts are shares of all rows; a row with a conflict counts for every LF that votes on it.</p>',
  ].join('');
  return htmlPage('Labeling report', body);
}

function bar(share: number): string {
  const w = Math.round(Math.max(0, Math.min(1, share)) * 80);
  return `<svg width="80" height="8" role="img" aria-label="${pct(share)}"><rect width="80" height="8" fill="#e4e7eb"/><rect width="${w}" height="8" fill="#2563eb"/></svg>`;
}
