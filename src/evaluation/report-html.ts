/** The evaluation report as a standalone HTML page: tables plus ROC, PR, calibration and coverage charts. */
import { escapeHtml, htmlPage, lineChartSvg, type Series } from '../core/index.js';
import type { EvalResult } from './eval-service.js';

const f = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(4));

/** Render `flywheel eval --html`. */
export function renderEvalHtml(r: EvalResult): string {
  const rep = r.report;
  const names = Object.keys(rep.metrics);
  const head = `<tr><th>metric</th><th>model</th>${rep.baselines.map((b) => `<th>${escapeHtml(b.name)}</th>`).join('')}</tr>`;
  const rows = names
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m)}</td><td><b>${f(rep.metrics[m])}</b></td>${rep.baselines.map((b) => `<td>${f(b.metrics[m])}</td>`).join('')}</tr>`,
    )
    .join('');
  const parts = [
    `<p>${escapeHtml(`${r.model} on ${r.data}: ${rep.rows} rows, ${rep.task}, decision threshold ${rep.threshold}, run ${r.runId}`)}</p>`,
    `<h2>Metrics and baselines</h2><table>${head}${rows}</table>`,
    requirementsHtml(r),
    slicesHtml(r),
    `<h2>Charts</h2><div class="charts">${chartsHtml(r)}</div>`,
  ];
  return htmlPage(`Evaluation of ${r.model}`, parts.join(''));
}

function requirementsHtml(r: EvalResult): string {
  if (r.report.requirements.length === 0) return '';
  const rows = r.report.requirements
    .map(
      (q) =>
        `<tr><td>${escapeHtml(`${q.metric} ${q.op} ${q.value}`)}</td><td>${f(q.actual)}</td><td class="${q.passed ? 'good' : 'bad'}">${q.passed ? 'pass' : 'FAIL'}</td></tr>`,
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
        `<tr><td>${escapeHtml(s.name)}</td><td>${s.rows}</td><td class="${s.worst ? 'bad' : ''}">${f(s.metrics[rep.primaryMetric] ?? s.metrics.accuracy)}</td></tr>`,
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
      lineChartSvg(
        `ROC (AUC ${f(rep.metrics.roc_auc)})`,
        [
          { name: 'model', ...c.roc },
          { name: 'chance', x: [0, 1], y: [0, 1], dashed: true },
        ],
        { x: 'false positive rate', y: 'true positive rate' },
      ),
    );
    out.push(
      lineChartSvg(
        `Precision–recall (AP ${f(rep.metrics.average_precision)})`,
        [{ name: 'model', ...c.pr }],
        { x: 'recall', y: 'precision' },
      ),
    );
    out.push(
      lineChartSvg(
        `Calibration (ECE ${f(rep.metrics.ece)})`,
        [
          { name: 'model', ...c.calibration },
          { name: 'perfect', x: [0, 1], y: [0, 1], dashed: true },
        ],
        { x: 'mean predicted probability', y: 'observed frequency' },
      ),
    );
  }
  if (rep.confidence) {
    const pts = rep.confidence.curve.filter((p) => p.accuracy !== null);
    const series: Series[] = [
      { name: 'accuracy on kept rows', x: pts.map((p) => p.coverage), y: pts.map((p) => p.accuracy!) },
    ];
    out.push(lineChartSvg('Coverage–accuracy', series, { x: 'coverage (share kept)', y: 'accuracy' }));
  }
  return out.join('') || '<p>No charts for this task.</p>';
}
