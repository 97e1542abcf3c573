/**
 * The evaluation report as a standalone HTML page: warnings first, the metric table, the confusion
 * matrix at the decision rule used, calibration bins with their row counts, requirements, slices,
 * and the ROC, PR, calibration and coverage charts. Every number goes through `fmt`.
 */
import { CHART_CSS } from '../charts/index.js';
import { escapeHtml, htmlPage } from '../core/index.js';
import type { EvalResult } from './eval-service.js';
import { fmt } from './report-parts.js';
import { calibrationSvg, unitCurveSvg } from './report-svg.js';

const EXTRA_STYLE =
  '.warn{background:#fff4e5;border-left:4px solid #d97706;padding:.5rem .8rem;margin:.8rem 0}' +
  'table.cm td.hit{background:#e6f4ea}';

/** Render `flywheel eval --html`. */
export function renderEvalHtml(r: EvalResult): string {
  const rep = r.report;
  const names = Object.keys(rep.metrics);
  const head = `<tr><th>metric</th><th>model</th>${rep.baselines.map((b) => `<th>${escapeHtml(b.name)}</th>`).join('')}</tr>`;
  const rows = names
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m)}</td><td><b>${fmt(rep.metrics[m])}</b></td>${rep.baselines.map((b) => `<td>${fmt(b.metrics[m])}</td>`).join('')}</tr>`,
    )
    .join('');
  const rule =
    rep.threshold === undefined
      ? ''
      : `, decision threshold ${fmt(rep.threshold)} (${rep.thresholdSource ?? 'default'})`;
  const parts = [
    `<style>${EXTRA_STYLE}${CHART_CSS}</style>`,
    `<p>${escapeHtml(`${r.model} on ${r.data}: ${rep.rows} rows, ${rep.task}${rule}, run ${r.runId}`)}</p>`,
    ...(r.warnings ?? []).map((w) => `<p class="warn"><b>Warning:</b> ${escapeHtml(w)}</p>`),
    `<h2>Metrics and baselines</h2><table>${head}${rows}</table>`,
    confusionHtml(r),
    calibrationHtml(r),
    requirementsHtml(r),
    slicesHtml(r),
    `<h2>Charts</h2><div class="charts">${chartsHtml(r)}</div>`,
  ];
  return htmlPage(`Evaluation of ${r.model}`, parts.join(''));
}

function confusionHtml(r: EvalResult): string {
  const c = r.report.confusion;
  if (!c) return '';
  const head = `<tr><th>true \\ predicted</th>${c.labels.map((l) => `<th>${escapeHtml(l)}</th>`).join('')}</tr>`;
  const rows = c.matrix
    .map(
      (row, i) =>
        `<tr><th>${escapeHtml(c.labels[i]!)}</th>${row.map((v, j) => `<td${i === j ? ' class="hit"' : ''}>${fmt(v)}</td>`).join('')}</tr>`,
    )
    .join('');
  return (
    `<h2>Confusion matrix</h2><p>Rows: true ${escapeHtml(r.report.target)}; columns: predicted (${escapeHtml(c.rule)}).</p>` +
    `<table class="cm">${head}${rows}</table>`
  );
}

function calibrationHtml(r: EvalResult): string {
  const bins = r.report.calibration;
  if (!bins || bins.length === 0) return '';
  const rows = bins
    .map(
      (b) =>
        `<tr><td>${fmt(b.from)}–${fmt(b.to)}</td><td>${fmt(b.rows)}</td><td>${fmt(b.predicted)}</td><td>${fmt(b.observed)}</td><td>${fmt(b.interval[0])} – ${fmt(b.interval[1])}</td></tr>`,
    )
    .join('');
  return (
    `<h2>Calibration</h2><p>${bins.length} non-empty bins of 10 uniform bins of the predicted probability (empty bins are left out); ECE ${fmt(r.report.metrics.ece)}. A bin of few rows has a wide interval: read its point with it.</p>` +
    `<table><tr><th>predicted probability</th><th>rows</th><th>mean predicted</th><th>observed</th><th>95% interval</th></tr>${rows}</table>`
  );
}

function requirementsHtml(r: EvalResult): string {
  if (r.report.requirements.length === 0) return '';
  const rows = r.report.requirements
    .map(
      (q) =>
        `<tr><td>${escapeHtml(`${q.metric} ${q.op} ${fmt(q.value)}`)}</td><td>${fmt(q.actual)}</td><td class="${q.passed ? 'good' : 'bad'}">${q.passed ? 'pass' : 'FAIL'}</td></tr>`,
    )
    .join('');
  return `<h2>Requirements</h2><table><tr><th>requirement</th><th>actual</th><th></th></tr>${rows}</table>`;
}

function slicesHtml(r: EvalResult): string {
  const rep = r.report;
  if (rep.slices.length === 0) return '';
  const rows = rep.slices
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.name)}</td><td>${fmt(s.rows)}</td><td class="${s.worst ? 'bad' : ''}">${fmt(s.metrics[rep.primaryMetric] ?? s.metrics.accuracy)}</td></tr>`,
    )
    .join('');
  return `<h2>Slices</h2><table><tr><th>slice</th><th>rows</th><th>${escapeHtml(rep.primaryMetric)}</th></tr>${rows}</table>`;
}

function chartsHtml(r: EvalResult): string {
  const rep = r.report;
  const out: string[] = [];
  const c = rep.curves;
  if (c) {
    out.push(
      unitCurveSvg(
        `ROC (AUC ${fmt(rep.metrics.roc_auc)})`,
        [
          { name: 'model', ...c.roc },
          { name: 'chance', x: [0, 1], y: [0, 1], dashed: true },
        ],
        { x: 'false positive rate', y: 'true positive rate' },
      ),
    );
    out.push(
      unitCurveSvg(
        `Precision–recall (AP ${fmt(rep.metrics.average_precision)})`,
        [{ name: 'model', ...c.pr }],
        { x: 'recall', y: 'precision' },
      ),
    );
  }
  if (rep.calibration && rep.calibration.length > 0)
    out.push(calibrationSvg(`Calibration (ECE ${fmt(rep.metrics.ece)})`, rep.calibration));
  if (rep.confidence) {
    const pts = rep.confidence.curve.filter((p) => p.accuracy !== null);
    const series = [
      { name: 'accuracy on kept rows', x: pts.map((p) => p.coverage), y: pts.map((p) => p.accuracy!) },
    ];
    out.push(unitCurveSvg('Coverage–accuracy', series, { x: 'coverage (share kept)', y: 'accuracy' }));
  }
  return out.join('') || '<p>No charts for this task.</p>';
}
