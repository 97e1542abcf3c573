/**
 * The heat table: rows (windows) × columns (features), each cell its value as text on a colour
 * from a small fixed sequential palette (five levels, `fw-h0` … `fw-h4`, see css.ts), flagged
 * cells outlined and named "flagged" for screen readers. An HTML table, not SVG: it scrolls,
 * wraps long names, and reads cell by cell with a screen reader.
 */
import { esc } from './escape.js';
import { formatNumber } from './format.js';
import type { HeatTableOptions } from './types.js';

/** The palette level 0–4 of `value` between `min` and `max` (0 when they are equal). */
export function heatLevel(value: number, min: number, max: number): number {
  if (!(max > min) || !Number.isFinite(value)) return 0;
  return Math.max(0, Math.min(4, Math.floor(((value - min) / (max - min)) * 5)));
}

/** The table as an HTML string. */
export function heatTable(o: HeatTableOptions): string {
  const fmt = o.format ?? formatNumber;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const row of o.cells)
    for (const c of row)
      if (c && Number.isFinite(c.value)) {
        if (c.value < min) min = c.value;
        if (c.value > max) max = c.value;
      }
  const better = o.higherIs === 'better';
  const head = `<tr><th scope="col">${esc(o.corner)}</th>${o.columns
    .map(
      (c) =>
        `<th scope="col">${esc(c.label)}${c.note ? `<br><span class="fw-note">${esc(c.note)}</span>` : ''}</th>`,
    )
    .join('')}</tr>`;
  const body = o.rows
    .map((r, i) => {
      const cells = o.columns.map((_, j) => {
        const c = o.cells[i]?.[j] ?? null;
        if (!c) return '<td class="fw-none">–</td>';
        let level = c.level ?? heatLevel(c.value, min, max);
        if (c.level === undefined && better) level = 4 - level;
        level = Math.max(0, Math.min(4, Math.trunc(level)));
        const title = c.title ? ` title="${esc(c.title)}"` : '';
        const sr = c.flag ? '<span class="fw-sr"> (flagged)</span>' : '';
        return `<td class="fw-h${level}${c.flag ? ' fw-flag' : ''}"${title}>${esc(c.text ?? fmt(c.value))}${sr}</td>`;
      });
      const rt = r.title ? ` title="${esc(r.title)}"` : '';
      return `<tr><th scope="row"${rt}>${esc(r.label)}</th>${cells.join('')}</tr>`;
    })
    .join('');
  return `<table class="fw-heat"><caption>${esc(o.caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
}
