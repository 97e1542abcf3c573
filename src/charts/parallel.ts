/**
 * Parallel coordinates: one vertical axis per param or metric, one line per run across them, so
 * the params of the best runs read at a glance (the dashboard's compare view). Each axis has its
 * own scale (nice ticks, log or categorical); a missing value breaks the line.
 */
import { cut, esc } from './escape.js';
import { r1, scale, slot, svg } from './frame.js';
import type { ParallelOptions } from './types.js';

export function parallelCoordinates(o: ParallelOptions): string {
  const W = o.width ?? 720;
  const H = o.height ?? 300;
  const top = 34;
  const bottom = H - 24;
  const left = 60;
  const right = W - 60;
  const n = o.axes.length;
  const xAt = (j: number) => (n === 1 ? (left + right) / 2 : left + (j * (right - left)) / (n - 1));
  const scales = o.axes.map((a, j) => {
    if (a.categories) {
      const k = a.categories.length;
      const f = (v: number) => bottom - ((v + 0.5) / Math.max(1, k)) * (bottom - top);
      return { y: f, ticks: a.categories.map((c, i) => [f(i), c] as const) };
    }
    const vals = o.lines
      .map((l) => l.values[j])
      .filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v) && (!a.log || v > 0));
    const lo = vals.length ? Math.min(...vals) : 0;
    const hi = vals.length ? Math.max(...vals) : 1;
    const s = scale({ log: a.log, format: a.format }, lo, hi, bottom, top, 4);
    return { y: s as (v: number) => number, ticks: s.ticks.values.map((t) => [s(t), s.tick(t)] as const) };
  });
  const parts: string[] = [];
  o.axes.forEach((a, j) => {
    const x = r1(xAt(j));
    parts.push(`<line class="fw-axis" x1="${x}" y1="${top}" x2="${x}" y2="${bottom}"/>`);
    parts.push(
      `<text x="${x}" y="${top - 14}" text-anchor="middle">${esc(cut(a.name, 18))}<title>${esc(a.name)}</title></text>`,
    );
    for (const [py, text] of scales[j]!.ticks)
      parts.push(
        `<text class="fw-note" x="${r1(xAt(j) - 4)}" y="${r1(py + 3)}" text-anchor="end">${esc(cut(text, 12))}</text>`,
      );
  });
  o.lines.forEach((l, i) => {
    let d = '';
    let pen = false;
    l.values.forEach((v, j) => {
      if (v === null || v === undefined || !Number.isFinite(v) || j >= n || (o.axes[j]!.log && v <= 0)) {
        pen = false;
        return;
      }
      d += `${pen ? ' ' : 'M'}${r1(xAt(j))},${r1(scales[j]!.y(v))}`;
      pen = true;
    });
    const tip = `${l.label}: ${o.axes.map((a, j) => `${a.name} ${formatValue(a, l.values[j] ?? null)}`).join(', ')}`;
    parts.push(
      `<g class="fw-series fw-s${slot(l.color ?? i)}" data-series="${esc(l.label)}" data-points="${l.values.filter((v) => v !== null).length}"><path class="fw-line" d="${d}"><title>${esc(tip)}</title></path></g>`,
    );
  });
  return svg('parallel', o.title, W, H, parts.join(''));
}

function formatValue(a: ParallelOptions['axes'][number], v: number | null): string {
  if (v === null) return '–';
  if (a.categories) return a.categories[v] ?? String(v);
  return a.format ? a.format(v) : String(Number(v.toPrecision(4)));
}
