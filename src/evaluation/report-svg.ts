/**
 * The calibration chart of an evaluation report as inline SVG: one point per non-empty bin at
 * (mean predicted, observed), its area growing with the bin's rows, its 95% interval as a
 * whisker and its row count written beside it — so a bin of 3 rows reads as the guess it is.
 */
import { escapeHtml } from '../core/index.js';
import { type CalibrationBin, fmt } from './report-parts.js';

const W = 320;
const H = 260;
const L = 42;
const B = 36;

/** The calibration chart of `bins` (same size and axes as the other [0, 1] charts). */
export function calibrationSvg(title: string, bins: CalibrationBin[]): string {
  const px = (v: number) => L + v * (W - L - 10);
  const py = (v: number) => H - B - v * (H - B - 24);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<line x1="${px(t)}" y1="${py(0)}" x2="${px(t)}" y2="${py(1)}" stroke="#eee"/><line x1="${px(0)}" y1="${py(t)}" x2="${px(1)}" y2="${py(t)}" stroke="#eee"/><text x="${px(t)}" y="${H - B + 14}" font-size="10" text-anchor="middle">${t}</text><text x="${L - 6}" y="${py(t) + 3}" font-size="10" text-anchor="end">${t}</text>`,
    )
    .join('');
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
  return (
    `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(title)}">${grid}` +
    `<polyline fill="none" stroke="#dc2626" stroke-width="1.5" stroke-dasharray="4 3" points="${px(0)},${py(0)} ${px(1)},${py(1)}"/>` +
    `<polyline fill="none" stroke="#2563eb" stroke-width="1" stroke-opacity="0.5" points="${line}"/>${points}${legend}` +
    `<text x="${(L + W) / 2}" y="${H - 6}" font-size="11" text-anchor="middle">mean predicted probability</text>` +
    `<text x="12" y="${H / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${H / 2})">observed frequency</text>` +
    `</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`
  );
}
