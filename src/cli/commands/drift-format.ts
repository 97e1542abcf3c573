/** Human output of `flywheel drift`. */
import type { DataDriftReport } from '../../monitoring/index.js';
import { num, table } from '../output.js';

/** The drift report as aligned text. */
export function formatDrift(r: DataDriftReport, html?: string): string {
  const rows = r.columns.map((c) => [
    c.role === 'feature' ? c.column : `${c.column} (${c.role})`,
    c.kind,
    c.method,
    num(c.statistic),
    c.pValue === null ? '' : num(c.score),
    c.pValue === null ? num(c.score) : '',
    num(c.threshold),
    c.drift ? 'DRIFT' : 'ok',
  ]);
  const d = r.dataset;
  const lines = [
    `Drift of ${r.current.source} (${r.current.rows.toLocaleString('en-US')} rows) against ${r.reference.source} (${r.reference.rows.toLocaleString('en-US')} rows)`,
    '',
    table([
      [
        'COLUMN',
        'KIND',
        'METHOD',
        'STATISTIC',
        r.correction === 'none' ? 'P-VALUE' : `P (${r.correction})`,
        'DISTANCE',
        'THRESHOLD',
        'VERDICT',
      ],
      ...rows,
    ]),
    '',
    `Dataset drift: ${d.drift ? 'yes' : 'no'} — ${d.drifted} of ${d.columns} feature columns drifted (${(100 * d.share).toFixed(1)}%, threshold ${(100 * d.threshold).toFixed(0)}%)`,
  ];
  if (r.target) lines.push(`Label drift (${r.target.column}): ${r.target.drift ? 'yes' : 'no'}`);
  if (r.prediction)
    lines.push(`Prediction drift (${r.prediction.column}): ${r.prediction.drift ? 'yes' : 'no'}`);
  const m = r.multivariate;
  if (m)
    lines.push(
      `Multivariate (PCA reconstruction error): ${m.drift ? 'yes' : 'no'} — mean error ${num(m.referenceError)} → ${num(m.currentError)}, p = ${num(m.pValue)}`,
    );
  if (r.skipped.length > 0)
    lines.push(`Not compared: ${r.skipped.map((s) => `${s.column} (${s.reason})`).join(', ')}`);
  if (html) lines.push(`Wrote ${html}`);
  return lines.join('\n');
}
