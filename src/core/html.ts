/** Small building blocks for the standalone HTML reports: escaping, a page shell, and SVG line charts. */

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const STYLE =
  'body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1f2933;padding:0 1rem}' +
  'h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.6rem}table{border-collapse:collapse;margin:.5rem 0}' +
  'td,th{border-bottom:1px solid #e4e7eb;padding:.25rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}' +
  '.charts{display:flex;flex-wrap:wrap;gap:1rem}.bad{color:#b91c1c;font-weight:600}.good{color:#047857}';

/** A complete page with no external resources: the title as `<title>` and `<h1>`, then `body`. */
export function htmlPage(title: string, body: string, style: string = STYLE): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${style}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`;
}

/** One line of a chart. */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  dashed?: boolean;
}

const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed'];

/** The frame every [0, 1] × [0, 1] chart shares: its size, the two scales, the grid and its axis titles. */
export interface UnitChartFrame {
  W: number;
  H: number;
  L: number;
  /** x in [0, 1] to pixels. */
  px: (v: number) => number;
  /** y in [0, 1] to pixels. */
  py: (v: number) => number;
  /** Grid lines and tick labels at 0, 0.25, …, 1. */
  grid: string;
  /** The svg element around `body`, with the axis titles and the caption. */
  wrap: (title: string, axes: { x: string; y: string }, body: string) => string;
}

/** The shared frame of the [0, 1] charts (ROC, PR, calibration, coverage). */
export function unitChartFrame(): UnitChartFrame {
  const W = 320;
  const H = 260;
  const L = 42;
  const B = 36;
  const px = (v: number) => L + v * (W - L - 10);
  const py = (v: number) => H - B - v * (H - B - 24);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<line x1="${px(t)}" y1="${py(0)}" x2="${px(t)}" y2="${py(1)}" stroke="#eee"/><line x1="${px(0)}" y1="${py(t)}" x2="${px(1)}" y2="${py(t)}" stroke="#eee"/><text x="${px(t)}" y="${H - B + 14}" font-size="10" text-anchor="middle">${t}</text><text x="${L - 6}" y="${py(t) + 3}" font-size="10" text-anchor="end">${t}</text>`,
    )
    .join('');
  const wrap = (title: string, axes: { x: string; y: string }, body: string) =>
    `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(title)}">${grid}${body}<text x="${(L + W) / 2}" y="${H - 6}" font-size="11" text-anchor="middle">${escapeHtml(axes.x)}</text><text x="12" y="${H / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${H / 2})">${escapeHtml(axes.y)}</text></svg><figcaption>${escapeHtml(title)}</figcaption></figure>`;
  return { W, H, L, px, py, grid, wrap };
}

/** An SVG line chart of several series over [0, 1] × [0, 1] (ROC, PR, calibration, coverage). */
export function lineChartSvg(title: string, series: Series[], axes: { x: string; y: string }): string {
  const { L, px, py, wrap } = unitChartFrame();
  const lines = series
    .map((s, i) => {
      const pts: string[] = [];
      for (let j = 0; j < s.x.length; j++) pts.push(`${px(s.x[j]!).toFixed(1)},${py(s.y[j]!).toFixed(1)}`);
      return `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 3"' : ''} points="${pts.join(' ')}"><title>${escapeHtml(s.name)}</title></polyline>`;
    })
    .join('');
  const legend = series
    .map(
      (s, i) =>
        `<text x="${L + 6}" y="${16 + i * 13}" font-size="11" fill="${COLORS[i % COLORS.length]}">${escapeHtml(s.name)}</text>`,
    )
    .join('');
  return wrap(title, axes, `${lines}${legend}`);
}
