/**
 * Line charts: several series over a numeric or time x axis, each down-sampled to its plot width
 * (min/max per pixel column), with an optional band (an estimate's confidence interval), constant
 * threshold lines, a log y option and a legend. Each series is a `<g data-points="N">` giving the
 * points drawn, so a test can compare them with what the API returned.
 */
import { downsample, downsampleBand } from './downsample.js';
import { esc } from './escape.js';
import {
  type Frame,
  frame,
  legend,
  legendRows,
  r1,
  type Scale,
  scale,
  slot,
  svg,
  xAxis,
  yAxis,
} from './frame.js';
import type { BandPoint, LineChartOptions, LineSeries, Point } from './types.js';

/** Markers (with a tooltip each) are drawn by default up to this many points in a series. */
const MARKER_LIMIT = 60;

/** The chart as an SVG string. */
export function lineChart(o: LineChartOptions): string {
  const W = o.width ?? 720;
  const H = o.height ?? 260;
  const thresholds = o.thresholds ?? [];
  const showLegend = o.legend ?? (o.series.length > 1 || thresholds.length > 0);
  const entries = showLegend
    ? [
        ...o.series.map((s, i) => ({ label: s.name, color: s.color ?? i, dashed: s.dashed })),
        ...thresholds.map((t) => ({ label: t.label, color: 7, dashed: true })),
      ]
    : [];
  const fr0 = frame(W, H, 0);
  const fr = frame(W, H, Math.max(showLegend ? 1 : 0, legendRows(fr0.left, fr0.right, entries)));
  const budget = Math.max(4, Math.round((fr.right - fr.left) * (o.pointsPerPixel ?? 2)));
  const logY = o.y?.log === true;
  const drawn = o.series.map((s) => ({
    s,
    points: downsample(
      logY ? s.points.map((p) => (p.y !== null && p.y > 0 ? p : { x: p.x, y: null })) : s.points,
      budget,
    ),
    band: s.band ? downsampleBand(s.band, budget) : undefined,
  }));
  const [xlo, xhi, ylo, yhi] = extent(drawn, thresholds, logY);
  const x = scale(o.x, xlo, xhi, fr.left, fr.right, Math.max(2, Math.round((fr.right - fr.left) / 90)));
  const y = scale(o.y, ylo, yhi, fr.bottom, fr.top, Math.max(2, Math.round((fr.bottom - fr.top) / 45)));
  const parts: string[] = [xAxis(fr, x, o.x?.label), yAxis(fr, y, o.y?.label)];
  drawn.forEach((d, i) => {
    parts.push(seriesMarkup(d.s, i, d.points, d.band, x, y, fr, o.tip));
  });
  for (const t of thresholds) {
    if (logY && !(t.value > 0)) continue;
    const py = r1(clampY(y(t.value), fr));
    parts.push(
      `<line class="fw-threshold" x1="${fr.left}" y1="${py}" x2="${fr.right}" y2="${py}"><title>${esc(`${t.label}: ${y.text(t.value)}`)}</title></line>`,
    );
  }
  if (showLegend) parts.push(legend(fr, entries));
  return svg('line', o.title, W, H, parts.join(''));
}

function clampY(py: number, fr: Frame): number {
  return Math.max(fr.top, Math.min(fr.bottom, py));
}

/** The x and y ranges of everything drawn (the down-sampled points keep every extreme). */
function extent(
  drawn: ReadonlyArray<{ points: ReadonlyArray<Point>; band?: ReadonlyArray<BandPoint> | undefined }>,
  thresholds: ReadonlyArray<{ value: number }>,
  logY: boolean,
): [number, number, number, number] {
  let xlo = Number.POSITIVE_INFINITY;
  let xhi = Number.NEGATIVE_INFINITY;
  let ylo = Number.POSITIVE_INFINITY;
  let yhi = Number.NEGATIVE_INFINITY;
  const seeY = (v: number | null) => {
    if (v === null || !Number.isFinite(v) || (logY && v <= 0)) return;
    if (v < ylo) ylo = v;
    if (v > yhi) yhi = v;
  };
  for (const d of drawn) {
    for (const p of d.points) {
      if (p.x < xlo) xlo = p.x;
      if (p.x > xhi) xhi = p.x;
      seeY(p.y);
    }
    for (const b of d.band ?? []) {
      seeY(b.lower);
      seeY(b.upper);
    }
  }
  for (const t of thresholds) seeY(t.value);
  if (xlo > xhi) [xlo, xhi] = [0, 1];
  if (ylo > yhi) [ylo, yhi] = logY ? [1, 10] : [0, 1];
  return [xlo, xhi, ylo, yhi];
}

function seriesMarkup(
  s: LineSeries,
  i: number,
  points: ReadonlyArray<Point>,
  band: ReadonlyArray<BandPoint> | undefined,
  x: Scale,
  y: Scale,
  fr: Frame,
  tip: LineChartOptions['tip'],
): string {
  const out: string[] = [];
  if (band && band.length > 0) out.push(bandMarkup(band, x, y, fr));
  let d = '';
  let pen = false;
  let count = 0;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    d += `${pen ? ' ' : 'M'}${r1(x(p.x))},${r1(clampY(y(p.y), fr))}`;
    pen = true;
    count++;
  }
  if (d) out.push(`<path class="fw-line" d="${d}"/>`);
  if (s.markers ?? count <= MARKER_LIMIT) {
    const bandAt = new Map((band ?? []).map((b) => [b.x, b]));
    for (const p of points) {
      if (p.y === null || !Number.isFinite(p.y)) continue;
      const b = bandAt.get(p.x);
      const has = b !== undefined && b.lower !== null && b.upper !== null;
      const text = tip
        ? tip({ series: s.name, x: p.x, y: p.y, ...(has ? { lower: b.lower!, upper: b.upper! } : {}) })
        : `${s.name} at ${x.text(p.x)}: ${y.text(p.y)}${has ? ` (${y.text(b.lower!)} – ${y.text(b.upper!)})` : ''}`;
      out.push(
        `<circle class="fw-marker" cx="${r1(x(p.x))}" cy="${r1(clampY(y(p.y), fr))}" r="3"><title>${esc(text)}</title></circle>`,
      );
    }
  }
  const cls = `fw-series fw-s${slot(s.color ?? i)}${s.dashed ? ' fw-dashed' : ''}`;
  return `<g class="${cls}" data-series="${esc(s.name)}" data-points="${count}">${out.join('')}</g>`;
}

/** The band as shaded polygons (one per run without gaps), with whiskers when it has few points. */
function bandMarkup(band: ReadonlyArray<BandPoint>, x: Scale, y: Scale, fr: Frame): string {
  const out: string[] = [];
  let run: BandPoint[] = [];
  const flush = () => {
    if (run.length > 1) {
      const upper = run.map((b) => `${r1(x(b.x))},${r1(clampY(y(b.upper!), fr))}`);
      const lower = run.map((b) => `${r1(x(b.x))},${r1(clampY(y(b.lower!), fr))}`).reverse();
      out.push(`<polygon class="fw-band" points="${upper.join(' ')} ${lower.join(' ')}"/>`);
    }
    run = [];
  };
  for (const b of band) {
    if (b.lower === null || b.upper === null || !Number.isFinite(b.lower) || !Number.isFinite(b.upper))
      flush();
    else run.push(b);
  }
  flush();
  if (band.length <= MARKER_LIMIT)
    for (const b of band)
      if (b.lower !== null && b.upper !== null && Number.isFinite(b.lower) && Number.isFinite(b.upper))
        out.push(
          `<line class="fw-whisker" x1="${r1(x(b.x))}" y1="${r1(clampY(y(b.lower), fr))}" x2="${r1(x(b.x))}" y2="${r1(clampY(y(b.upper), fr))}"/>`,
        );
  return out.join('');
}
