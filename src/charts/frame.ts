/**
 * The pieces every chart shares: the SVG element (role="img", a <title> and an aria-label), the
 * plot area inside the margins, scales from data to pixels with their ticks, the axes with grid
 * lines, and the legend. Numbers in the markup are rounded to 0.1 px.
 */
import { cut, esc } from './escape.js';
import { formatDateTime, formatNumber, formatTick, formatTime } from './format.js';
import { logTicks, niceTicks, type Ticks, ticksWithin, timeTicks } from './ticks.js';
import type { Axis } from './types.js';

/** A pixel coordinate as markup text (0.1 px). */
export const r1 = (v: number): string => (Math.round(v * 10) / 10).toString();

export interface Frame {
  W: number;
  H: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The plot area of a `W` × `H` chart with the usual margins (room for ticks, axis titles and a legend row). */
export function frame(W: number, H: number, legendRows = 1): Frame {
  return { W, H, left: 58, right: W - 14, top: 12 + 14 * legendRows, bottom: H - 38 };
}

export interface Scale {
  (v: number): number;
  ticks: Ticks;
  log: boolean;
  /** Tick text. */
  tick: (v: number) => string;
  /** Tooltip text (full precision of the axis' formatter). */
  text: (v: number) => string;
}

/** A scale for `axis` over data in [lo, hi], onto pixels [from, to]. */
export function scale(
  axis: Axis | undefined,
  lo: number,
  hi: number,
  from: number,
  to: number,
  count = 5,
): Scale {
  const a = axis ?? {};
  const log = a.log === true;
  let dlo = a.min ?? lo;
  let dhi = a.max ?? hi;
  if (a.fromZero && !log) {
    dlo = Math.min(dlo, 0);
    dhi = Math.max(dhi, 0);
  }
  if (!Number.isFinite(dlo) || !Number.isFinite(dhi)) [dlo, dhi] = log ? [1, 10] : [0, 1];
  let ticks: Ticks;
  if (log) ticks = logTicks(dlo, dhi);
  else if (a.kind === 'time') ticks = timeTicks(dlo, dhi === dlo ? dlo + 60_000 : dhi, count);
  else if (a.min !== undefined && a.max !== undefined) ticks = ticksWithin(a.min, a.max, count, a.integer);
  else ticks = niceTicks(dlo, dhi, count, a.integer);
  let [min, max] = [ticks.min, ticks.max];
  if (a.min !== undefined) min = a.min;
  if (a.max !== undefined) max = a.max;
  if (a.bounds && !log) {
    min = Math.max(a.bounds[0], min);
    max = Math.min(a.bounds[1], max);
    ticks = { ...ticks, min, max, values: ticks.values.filter((v) => v >= min - 1e-12 && v <= max + 1e-12) };
  }
  const lmin = log ? Math.log10(min) : min;
  const lmax = log ? Math.log10(max) : max;
  const k = (to - from) / (lmax - lmin || 1);
  const f = (
    log ? (v: number) => from + (Math.log10(v) - lmin) * k : (v: number) => from + (v - lmin) * k
  ) as Scale;
  f.ticks = ticks;
  f.log = log;
  const fmt = a.format;
  f.tick =
    fmt ??
    (a.kind === 'time'
      ? (v) => formatTime(v, ticks.step)
      : log
        ? formatNumber
        : (v) => formatTick(v, ticks.step));
  f.text = fmt ?? (a.kind === 'time' ? formatDateTime : formatNumber);
  return f;
}

/** The x axis: grid lines, ticks and the axis title under the plot. */
export function xAxis(fr: Frame, x: Scale, label?: string): string {
  const out: string[] = [];
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const t of x.ticks.values) {
    const px = x(t);
    if (px < fr.left - 0.5 || px > fr.right + 0.5) continue;
    out.push(`<line class="fw-grid" x1="${r1(px)}" y1="${fr.top}" x2="${r1(px)}" y2="${fr.bottom}"/>`);
    const text = x.tick(t);
    const half = text.length * 3.2;
    if (px - half < lastEnd + 4) continue; // labels never overlap
    lastEnd = px + half;
    out.push(`<text x="${r1(px)}" y="${fr.bottom + 14}" text-anchor="middle">${esc(text)}</text>`);
  }
  out.push(`<line class="fw-axis" x1="${fr.left}" y1="${fr.bottom}" x2="${fr.right}" y2="${fr.bottom}"/>`);
  if (label)
    out.push(
      `<text x="${r1((fr.left + fr.right) / 2)}" y="${fr.H - 6}" text-anchor="middle">${esc(label)}</text>`,
    );
  return out.join('');
}

/** The y axis: grid lines, ticks and the (rotated) axis title left of the plot. */
export function yAxis(fr: Frame, y: Scale, label?: string): string {
  const out: string[] = [];
  for (const t of y.ticks.values) {
    const py = y(t);
    if (py < fr.top - 0.5 || py > fr.bottom + 0.5) continue;
    out.push(
      `<line class="fw-grid" x1="${fr.left}" y1="${r1(py)}" x2="${fr.right}" y2="${r1(py)}"/>`,
      `<text x="${fr.left - 5}" y="${r1(py + 3.5)}" text-anchor="end">${esc(y.tick(t))}</text>`,
    );
  }
  out.push(`<line class="fw-axis" x1="${fr.left}" y1="${fr.top}" x2="${fr.left}" y2="${fr.bottom}"/>`);
  if (label) {
    const cy = r1((fr.top + fr.bottom) / 2);
    out.push(
      `<text x="12" y="${cy}" text-anchor="middle" transform="rotate(-90 12 ${cy})">${esc(label)}</text>`,
    );
  }
  return out.join('');
}

/** One legend entry: a palette slot and its text. */
export interface LegendEntry {
  label: string;
  color: number;
  dashed?: boolean;
}

/** The legend: one row above the plot, entries wrapping onto further rows; returns the markup and its row count. */
export function legend(
  fr: Pick<Frame, 'left' | 'right'>,
  entries: ReadonlyArray<LegendEntry>,
  y0 = 12,
): string {
  const out: string[] = [];
  let x = fr.left;
  let y = y0;
  for (const e of entries) {
    const text = cut(e.label, 28);
    const w = 26 + text.length * 6.2;
    if (x + w > fr.right && x > fr.left) {
      x = fr.left;
      y += 14;
    }
    out.push(
      `<g class="fw-legend-item fw-s${slot(e.color)}${e.dashed ? ' fw-dashed' : ''}"><line class="fw-line fw-swatch" x1="${r1(x)}" y1="${y - 4}" x2="${r1(x + 16)}" y2="${y - 4}"/><text x="${r1(x + 20)}" y="${y}">${esc(text)}<title>${esc(e.label)}</title></text></g>`,
    );
    x += w;
  }
  return out.join('');
}

/** Rows the legend of `entries` takes in a plot from `left` to `right`. */
export function legendRows(left: number, right: number, entries: ReadonlyArray<{ label: string }>): number {
  let x = left;
  let rows = entries.length > 0 ? 1 : 0;
  for (const e of entries) {
    const w = 26 + cut(e.label, 28).length * 6.2;
    if (x + w > right && x > left) {
      x = left;
      rows++;
    }
    x += w;
  }
  return rows;
}

/** A palette slot 0–7. */
export const slot = (c: number): number => ((Math.trunc(c) % 8) + 8) % 8;

/** The SVG element: class, kind, size, role="img", aria-label and <title> from `title` (no xmlns: it lives inside HTML, and reports must not mention any URL). */
export function svg(kind: string, title: string, W: number, H: number, body: string): string {
  const t = esc(title);
  return `<svg class="fw-chart fw-${kind}" data-chart="${kind}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${t}"><title>${t}</title>${body}</svg>`;
}

/** A chart with a visible caption: `<figure>` around it and the caption text (escaped). */
export function figure(chart: string, caption: string): string {
  return `<figure class="fw-figure">${chart}<figcaption>${esc(caption)}</figcaption></figure>`;
}
