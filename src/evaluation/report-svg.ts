/**
 * The calibration chart of an evaluation report as inline SVG: one point per non-empty bin at
 * (mean predicted, observed), its area growing with the bin's rows, its 95% interval as a
 * whisker and its row count written beside it — so a bin of 3 rows reads as the guess it is.
 */
import { escapeHtml, unitChartFrame } from '../core/index.js';
import { type CalibrationBin, fmt } from './report-parts.js';

/** The calibration chart of `bins` (same size and axes as the other [0, 1] charts). */
export function calibrationSvg(title: string, bins: CalibrationBin[]): string {
  const { L, px, py, wrap } = unitChartFrame();
  const most = Math.max(...bins.map((b) => b.rows), 1);
  const line = bins.map((b) => `${px(b.predicted).toFixed(1)},${py(b.observed).toFixed(1)}`).join(' ');
  const points = bins
    .map((b) => {
      const x = px(b.predicted).toFixed(1);
      const r = (2 + 5 * Math.sqrt(b.rows / most)).toFixed(1);
      const tip = `predicted ${fmt(b.from)}–${fmt(b.to)}: ${b.rows} rows, mean predicted ${fmt(b.predicted)}, observed ${fmt(b.observed)} (95% interval ${fmt(b.interval[0])}–${fmt(b.interval[1])})`;
      return (
        `<line x1="${x}" y1="${py(b.interval[0]).toFixed(1)}" x2="${x}" y2="${py(b.interval[1]).toFixed(1)}" stroke="#2563eb" stroke-opacity="0.45"/>` +
        `<circle cx="${x}" cy="${py(b.observed).toFixed(1)}" r="${r}" fill="#2563eb" fill-opacity="0.8"><title>${escapeHtml(tip)}</title></circle>` +
        // The count beside the point, on its left near the right edge so it stays inside the chart.
        `<text x="${(px(b.predicted) + (b.predicted > 0.85 ? -9 : 7)).toFixed(1)}" y="${(py(b.observed) + 12).toFixed(1)}" font-size="9" fill="#52606d"${b.predicted > 0.85 ? ' text-anchor="end"' : ''}>${b.rows}</text>`
      );
    })
    .join('');
  const legend =
    `<text x="${L + 6}" y="16" font-size="11" fill="#2563eb">bins (n = rows, bar = 95% interval)</text>` +
    `<text x="${L + 6}" y="29" font-size="11" fill="#dc2626">perfect</text>`;
  return wrap(
    title,
    { x: 'mean predicted probability', y: 'observed frequency' },
    `<polyline fill="none" stroke="#dc2626" stroke-width="1.5" stroke-dasharray="4 3" points="${px(0)},${py(0)} ${px(1)},${py(1)}"/>` +
      `<polyline fill="none" stroke="#2563eb" stroke-width="1" stroke-opacity="0.5" points="${line}"/>${points}${legend}`,
  );
}
