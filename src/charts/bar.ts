/**
 * Bars: a histogram over numeric bins, a bar chart per category (vertical), and labelled
 * horizontal bars (a column's most frequent values). One or two series: two (reference and
 * current) are drawn side by side in each bin or category on the same axes. Every bar carries a
 * tooltip with its exact value; each series is a `<g data-points="N">` with N bars.
 */
import { cut, esc } from './escape.js';
import { formatNumber, formatShare } from './format.js';
import { type Frame, frame, legend, r1, scale, slot, svg, xAxis, yAxis } from './frame.js';
import type { BarChartOptions, BarSeries, HistogramOptions } from './types.js';

type ValueFormat = BarChartOptions['value'];

function valueText(v: ValueFormat): (n: number) => string {
  if (typeof v === 'function') return v;
  return v === 'share' ? formatShare : formatNumber;
}

function maxValue(series: ReadonlyArray<BarSeries>): number {
  let m = 0;
  for (const s of series) for (const v of s.values) if (Number.isFinite(v) && v > m) m = v;
  return m;
}

/** Vertical bars in `slots` equal slots from the plot's left; two series share each slot. */
function bars(
  fr: Frame,
  series: ReadonlyArray<BarSeries>,
  slotLabel: (i: number) => string,
  slots: number,
  y: (v: number) => number,
  text: (v: number) => string,
): string {
  const width = (fr.right - fr.left) / Math.max(1, slots);
  const k = Math.max(1, series.length);
  const gap = width > 6 ? 1 : 0;
  const barW = Math.max(0.5, (width - 2 * gap) / k);
  return series
    .map((s, j) => {
      const rects: string[] = [];
      for (let i = 0; i < slots; i++) {
        const v = s.values[i] ?? 0;
        const top = y(Math.max(0, v));
        const tip =
          series.length > 1 ? `${slotLabel(i)}: ${s.name} ${text(v)}` : `${slotLabel(i)}: ${text(v)}`;
        rects.push(
          `<rect class="fw-bar" x="${r1(fr.left + i * width + gap + j * barW)}" y="${r1(top)}" width="${r1(barW)}" height="${r1(Math.max(0, fr.bottom - top))}"><title>${esc(tip)}</title></rect>`,
        );
      }
      return `<g class="fw-series fw-s${slot(s.color ?? j)}" data-series="${esc(s.name)}" data-points="${slots}">${rects.join('')}</g>`;
    })
    .join('');
}

/** Bars over numeric bins `[edges[i], edges[i+1])` (the last bin closed), with ticks on the bin edges' scale. */
export function histogram(o: HistogramOptions): string {
  const W = o.width ?? 560;
  const H = o.height ?? 200;
  const n = Math.max(0, o.edges.length - 1);
  const showLegend = o.series.length > 1;
  const fr = frame(W, H, showLegend ? 1 : 0);
  const text = valueText(o.value);
  const y = scale(
    { fromZero: true, format: o.value === 'share' ? formatShare : undefined },
    0,
    maxValue(o.series) || 1,
    fr.bottom,
    fr.top,
    4,
  );
  const lo = o.edges[0] ?? 0;
  const hi = o.edges[n] ?? 1;
  const x = scale(
    { ...o.x, min: lo, max: hi === lo ? lo + 1 : hi },
    lo,
    hi,
    fr.left,
    fr.right,
    Math.max(2, Math.round((fr.right - fr.left) / 90)),
  );
  const label = (i: number) =>
    `[${x.text(o.edges[i]!)}, ${x.text(o.edges[i + 1]!)}${i === n - 1 ? ']' : ')'}`;
  const parts = [yAxis(fr, y, o.valueLabel), xAxis(fr, x, o.x?.label), bars(fr, o.series, label, n, y, text)];
  if (showLegend)
    parts.push(
      legend(
        fr,
        o.series.map((s, i) => ({ label: s.name, color: s.color ?? i })),
      ),
    );
  return svg('histogram', o.title, W, H, parts.join(''));
}

/** Bars per category: vertical (one or two series) or horizontal with the labels beside them. */
export function barChart(o: BarChartOptions): string {
  return o.orientation === 'horizontal' ? horizontal(o) : vertical(o);
}

function vertical(o: BarChartOptions): string {
  const W = o.width ?? 560;
  const H = o.height ?? 200;
  const n = o.labels.length;
  const showLegend = o.series.length > 1;
  const fr = frame(W, H, showLegend ? 1 : 0);
  fr.bottom = H - 46; // room for slanted labels
  const text = valueText(o.value);
  const y = scale(
    { fromZero: true, format: o.value === 'share' ? formatShare : undefined },
    0,
    maxValue(o.series) || 1,
    fr.bottom,
    fr.top,
    4,
  );
  const width = (fr.right - fr.left) / Math.max(1, n);
  const max = o.maxLabel ?? 16;
  const every = Math.max(1, Math.ceil(n / 12));
  const labels: string[] = [];
  for (let i = 0; i < n; i += every) {
    const cx = r1(fr.left + (i + 0.5) * width);
    const ly = fr.bottom + 12;
    labels.push(
      `<text x="${cx}" y="${ly}" text-anchor="end" transform="rotate(-30 ${cx} ${ly})">${esc(cut(o.labels[i]!, max))}<title>${esc(o.labels[i]!)}</title></text>`,
    );
  }
  const parts = [
    yAxis(fr, y, o.valueLabel),
    `<line class="fw-axis" x1="${fr.left}" y1="${fr.bottom}" x2="${fr.right}" y2="${fr.bottom}"/>`,
    bars(fr, o.series, (i) => o.labels[i]!, n, y, text),
    labels.join(''),
  ];
  if (showLegend)
    parts.push(
      legend(
        fr,
        o.series.map((s, i) => ({ label: s.name, color: s.color ?? i })),
      ),
    );
  return svg('bar', o.title, W, H, parts.join(''));
}

function horizontal(o: BarChartOptions): string {
  const W = o.width ?? 560;
  const rowH = 22;
  const k = Math.max(1, o.series.length);
  const showLegend = o.series.length > 1;
  const top = showLegend ? 22 : 4;
  const H = o.height ?? top + o.labels.length * rowH + 4;
  const max = o.maxLabel ?? 28;
  const labelW = Math.min(200, 12 + 6.2 * Math.max(4, ...o.labels.map((l) => cut(l, max).length)));
  const text = valueText(o.value);
  const most = maxValue(o.series) || 1;
  const plotW = W - labelW - 70;
  const barH = (rowH - 8) / k;
  const rows: string[] = [];
  o.labels.forEach((l, i) => {
    rows.push(
      `<text x="${r1(labelW - 6)}" y="${top + i * rowH + 15}" text-anchor="end">${esc(cut(l, max))}<title>${esc(l)}</title></text>`,
    );
  });
  const groups = o.series.map((s, j) => {
    const out: string[] = [];
    o.labels.forEach((l, i) => {
      const v = s.values[i] ?? 0;
      const w = Math.max(1, (plotW * Math.max(0, v)) / most);
      const y = top + i * rowH + 4 + j * barH;
      const tip = o.series.length > 1 ? `${l}: ${s.name} ${text(v)}` : `${l}: ${text(v)}`;
      out.push(
        `<rect class="fw-bar" x="${r1(labelW)}" y="${r1(y)}" width="${r1(w)}" height="${r1(barH)}"><title>${esc(tip)}</title></rect>`,
        `<text x="${r1(labelW + w + 6)}" y="${r1(y + barH / 2 + 4)}">${esc(text(v))}</text>`,
      );
    });
    return `<g class="fw-series fw-s${slot(s.color ?? j)}" data-series="${esc(s.name)}" data-points="${o.labels.length}">${out.join('')}</g>`;
  });
  const parts = [rows.join(''), groups.join('')];
  if (showLegend)
    parts.push(
      legend(
        { left: labelW, right: W - 10 },
        o.series.map((s, i) => ({ label: s.name, color: s.color ?? i })),
      ),
    );
  return svg('bar', o.title, W, H, parts.join(''));
}
