/**
 * Scatter charts: points at (x, y) with a tooltip each (a run's metric against one of its params;
 * a calibration bin), optionally sized by a weight, with a whisker for an interval, a short note
 * beside the point, a line joining them, and a dashed y = x reference (perfect calibration).
 */
import { esc } from './escape.js';
import { frame, legend, legendRows, r1, scale, slot, svg, xAxis, yAxis } from './frame.js';
import type { ScatterOptions } from './types.js';

export function scatter(o: ScatterOptions): string {
  const W = o.width ?? 320;
  const H = o.height ?? 260;
  const entries = (o.legend ?? []).map((e) => ({ label: e.label, color: e.color ?? 0, dashed: e.dashed }));
  const probe = frame(W, H, 0);
  const fr = frame(W, H, legendRows(probe.left, probe.right, entries));
  const usable = o.points.filter(
    (p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!o.x?.log || p.x > 0) && (!o.y?.log || p.y > 0),
  );
  const ext = (vals: number[]) =>
    (vals.length ? [Math.min(...vals), Math.max(...vals)] : [0, 1]) as [number, number];
  const [xlo, xhi] = ext(usable.map((p) => p.x));
  const [ylo, yhi] = ext(usable.flatMap((p) => [p.y, p.lower ?? p.y, p.upper ?? p.y]));
  const x = scale(o.x, xlo, xhi, fr.left, fr.right, Math.max(2, Math.round((fr.right - fr.left) / 70)));
  const y = scale(o.y, ylo, yhi, fr.bottom, fr.top, Math.max(2, Math.round((fr.bottom - fr.top) / 45)));
  const parts = [xAxis(fr, x, o.x?.label), yAxis(fr, y, o.y?.label)];
  if (o.diagonal) {
    const a = Math.max(x.ticks.min, y.ticks.min);
    const b = Math.min(x.ticks.max, y.ticks.max);
    if (b > a)
      parts.push(
        `<line class="fw-diagonal" x1="${r1(x(a))}" y1="${r1(y(a))}" x2="${r1(x(b))}" y2="${r1(y(b))}"/>`,
      );
  }
  const bySlot = new Map<number, typeof usable>();
  for (const p of usable) {
    const k = slot(p.color ?? 0);
    const list = bySlot.get(k) ?? [];
    if (!bySlot.has(k)) bySlot.set(k, list);
    list.push(p);
  }
  for (const [k, list] of bySlot) {
    const out: string[] = [];
    if (o.connect && list.length > 1)
      out.push(
        `<path class="fw-line fw-thin" d="M${list.map((p) => `${r1(x(p.x))},${r1(y(p.y))}`).join(' ')}"/>`,
      );
    for (const p of list) {
      const cx = r1(x(p.x));
      if (p.lower !== undefined && p.upper !== undefined)
        out.push(
          `<line class="fw-whisker" x1="${cx}" y1="${r1(y(p.lower))}" x2="${cx}" y2="${r1(y(p.upper))}"/>`,
        );
      const rad = p.weight === undefined ? 3.5 : 2 + 5 * Math.sqrt(Math.max(0, Math.min(1, p.weight)));
      const tip = `${p.label ? `${p.label}: ` : ''}${o.x?.label ?? 'x'} ${x.text(p.x)}, ${o.y?.label ?? 'y'} ${y.text(p.y)}${p.lower !== undefined && p.upper !== undefined ? ` (${y.text(p.lower)} – ${y.text(p.upper)})` : ''}`;
      out.push(
        `<circle class="fw-marker" cx="${cx}" cy="${r1(y(p.y))}" r="${r1(rad)}"><title>${esc(tip)}</title></circle>`,
      );
      if (p.note !== undefined) {
        const right = x(p.x) > fr.right - 40;
        out.push(
          `<text class="fw-note" x="${r1(x(p.x) + (right ? -9 : 7))}" y="${r1(y(p.y) + 12)}"${right ? ' text-anchor="end"' : ''}>${esc(p.note)}</text>`,
        );
      }
    }
    parts.push(`<g class="fw-series fw-s${k}" data-points="${list.length}">${out.join('')}</g>`);
  }
  if (entries.length > 0) parts.push(legend(fr, entries));
  return svg('scatter', o.title, W, H, parts.join(''));
}
