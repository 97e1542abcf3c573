/**
 * Charts over the windows of a monitor report as inline SVG: one or more lines across the window
 * index, gaps where a window has no value (performance before labels arrive), an optional band
 * with whiskers around a line (an estimate ± 2 standard errors), and a dashed constant line for a
 * threshold. Every point carries a `<title>` with its exact value, so the chart reads without
 * scripts.
 */
import { escapeHtml } from '../../core/index.js';
import { shortNumber } from './drift-svg.js';

/** One line of a window chart. */
export interface WindowSeries {
  name: string;
  /** One value per window; null where the window has none. */
  values: Array<number | null>;
  color: string;
  dashed?: boolean;
  /** Lower and upper bound per window (drawn as a shaded band with whiskers); null where none. */
  band?: Array<[number, number] | null>;
  /** Draw no markers (a threshold line). */
  plain?: boolean;
}

/** What to draw: the series, the y label and, if fixed, the y range. */
export interface WindowChart {
  /** Names the chart for screen readers (aria-label). */
  label: string;
  yLabel: string;
  series: WindowSeries[];
  /** Fixed y range; by default the range of the values (and bands), padded. */
  range?: [number, number];
  /** Start the automatic range at 0 (rates). */
  fromZero?: boolean;
  /** The values the metric can take (accuracy: [0, 1]): the automatic range, padding included, stays inside. */
  bounds?: [number, number];
}

const W = 720;
const H = 230;
const PAD = { left: 56, right: 14, top: 26, bottom: 34 };

/** The y range that holds every value and band bound, inside the metric's bounds. */
function yRange(chart: WindowChart): [number, number] {
  if (chart.range) return chart.range;
  const [lo, hi] = paddedRange(chart);
  if (!chart.bounds) return [lo, hi];
  const [min, max] = chart.bounds;
  const a = Math.max(min, Math.min(lo, max));
  const b = Math.min(max, Math.max(hi, min));
  return b > a ? [a, b] : [min, max];
}

function paddedRange(chart: WindowChart): [number, number] {
  const all: number[] = chart.fromZero ? [0] : [];
  for (const s of chart.series) {
    for (const v of s.values) if (v !== null && Number.isFinite(v)) all.push(v);
    for (const b of s.band ?? []) if (b) all.push(...b.filter(Number.isFinite));
  }
  if (all.length === 0) return [0, 1];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi - lo < 1e-9) {
    const pad = Math.abs(hi) * 0.1 || 0.5;
    return [chart.fromZero ? Math.max(0, lo - pad) : lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.08;
  lo = chart.fromZero ? Math.max(0, lo - pad) : lo - pad;
  hi += pad;
  return [lo, hi];
}

/** Runs of consecutive indices where `present(i)` holds. */
function runs(n: number, present: (i: number) => boolean): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  for (let i = 0; i < n; i++) {
    if (present(i)) run.push(i);
    else if (run.length) {
      out.push(run);
      run = [];
    }
  }
  if (run.length) out.push(run);
  return out;
}

/** A line chart over window indices 0 … n−1. */
export function windowChartSvg(chart: WindowChart): string {
  const n = Math.max(1, ...chart.series.map((s) => s.values.length));
  const [lo, hi] = yRange(chart);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => PAD.top + plotH * (1 - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo));
  const pt = (i: number, v: number) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  const parts: string[] = [axes(n, lo, hi, x, y)];
  chart.series.forEach((s, k) => {
    const band = s.band;
    if (band) {
      for (const r of runs(n, (i) => band[i] != null)) {
        const upper = r.map((i) => pt(i, band[i]![1]));
        const lower = r.map((i) => pt(i, band[i]![0])).reverse();
        parts.push(
          `<polygon points="${[...upper, ...lower].join(' ')}" fill="${s.color}" fill-opacity="0.15" stroke="none"/>`,
        );
        for (const i of r)
          parts.push(
            `<line x1="${x(i).toFixed(1)}" y1="${y(band[i]![0]).toFixed(1)}" x2="${x(i).toFixed(1)}" y2="${y(band[i]![1]).toFixed(1)}" stroke="${s.color}" stroke-opacity="0.6"/>`,
          );
      }
    }
    const present = (i: number) => s.values[i] != null && Number.isFinite(s.values[i]);
    for (const r of runs(n, present)) {
      if (r.length > 1)
        parts.push(
          `<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''} points="${r.map((i) => pt(i, s.values[i]!)).join(' ')}"/>`,
        );
      if (s.plain) continue;
      for (const i of r) {
        const b = band?.[i];
        const title = `window ${i}: ${s.name} ${shortNumber(s.values[i]!)}${b ? ` (${shortNumber(b[0])} – ${shortNumber(b[1])})` : ''}`;
        parts.push(
          `<circle cx="${x(i).toFixed(1)}" cy="${y(s.values[i]!).toFixed(1)}" r="3" fill="${s.color}"><title>${escapeHtml(title)}</title></circle>`,
        );
      }
    }
    parts.push(
      `<text x="${PAD.left + 6 + k * 170}" y="14" fill="${s.color}" style="fill:${s.color}">${escapeHtml(s.name.length > 26 ? `${s.name.slice(0, 25)}…` : s.name)}</text>`,
    );
  });
  parts.push(
    `<text x="12" y="${PAD.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 12 ${PAD.top + plotH / 2})">${escapeHtml(chart.yLabel)}</text>`,
  );
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(chart.label)}">${parts.join('')}</svg>`;
}

function axes(n: number, lo: number, hi: number, x: (i: number) => number, y: (v: number) => number): string {
  const out: string[] = [];
  for (const t of [lo, (lo + hi) / 2, hi]) {
    out.push(
      `<line x1="${PAD.left}" y1="${y(t).toFixed(1)}" x2="${W - PAD.right}" y2="${y(t).toFixed(1)}" stroke="#e4e7eb"/>`,
      `<text x="${PAD.left - 5}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(shortNumber(t))}</text>`,
    );
  }
  const every = Math.ceil(n / 16);
  for (let i = 0; i < n; i += every)
    out.push(`<text x="${x(i).toFixed(1)}" y="${H - PAD.bottom + 15}" text-anchor="middle">${i}</text>`);
  out.push(`<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 4}" text-anchor="middle">window</text>`);
  return out.join('');
}
