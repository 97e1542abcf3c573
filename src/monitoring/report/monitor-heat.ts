/**
 * The per-feature drift table of the monitor page: one row per window, one column per feature,
 * each cell the value compared with that feature's threshold (a test's p-value, or the distance),
 * red where it drifted. Features that drifted in the most windows come first, and the table has at
 * most `MAX_COLUMNS` feature columns, so it fits the page and no red cell hides behind a scroll
 * bar; the features without a column are listed under it (the drifted ones with their windows).
 */
import { escapeHtml } from '../../core/index.js';
import type { MonitorColumn, MonitorWindow } from '../monitor.js';
import { shortNumber } from './drift-svg.js';
import { driftRule, driftText } from './monitor-text.js';

/** Feature columns the table has (what fits the page's width beside the window and its start). */
export const MAX_COLUMNS = 7;

/** Every feature of any window: drifted ones first (by drifted windows, then first seen), then the rest. */
export function featuresByDrift(
  windows: MonitorWindow[],
): Array<{ name: string; drifted: number; windows: number[] }> {
  const seen = new Map<string, number[]>();
  windows.forEach((w, i) => {
    for (const c of w.columns) {
      const list = seen.get(c.column) ?? [];
      if (!seen.has(c.column)) seen.set(c.column, list);
      if (c.drift) list.push(i);
    }
  });
  return [...seen.entries()]
    .map(([name, list], i) => ({ name, drifted: list.length, windows: list, i }))
    .sort((a, b) => b.drifted - a.drifted || a.i - b.i)
    .map(({ name, drifted, windows }) => ({ name, drifted, windows }));
}

/** `3–6, 9` for window indices. */
function spans(list: number[]): string {
  const out: string[] = [];
  for (let k = 0; k < list.length; k++) {
    let j = k;
    while (j + 1 < list.length && list[j + 1] === list[j]! + 1) j++;
    out.push(j === k ? String(list[k]) : `${list[k]}–${list[j]}`);
    k = j;
  }
  return out.join(', ');
}

function heatCell(c: MonitorColumn | undefined): string {
  if (!c) return '<td class="heat note">–</td>';
  const title = `${c.column}: ${driftText(c, shortNumber)} (${c.drift ? 'drift' : 'no drift'})`;
  return `<td class="heat${c.drift ? ' drift' : ''}" title="${escapeHtml(title)}">${shortNumber(c.score)}</td>`;
}

/** The table, with the never-drifted features beyond `MAX_COLUMNS` listed under it. */
export function heatTable(windows: MonitorWindow[]): string {
  const features = featuresByDrift(windows);
  const drifted = features.filter((f) => f.drifted > 0);
  const shown = features.slice(0, MAX_COLUMNS);
  const rest = features.slice(shown.length);
  const restDrifted = rest.filter((f) => f.drifted > 0);
  const restSteady = rest.filter((f) => f.drifted === 0);
  const sample = new Map<string, MonitorColumn>();
  for (const w of windows) for (const c of w.columns) if (!sample.has(c.column)) sample.set(c.column, c);
  const head =
    '<tr><th>window</th>' +
    shown
      .map((f) => {
        const c = sample.get(f.name)!;
        return `<th class="feature">${escapeHtml(f.name)}<br><span class="note">${escapeHtml(driftRule(c, shortNumber))}</span></th>`;
      })
      .join('') +
    '</tr>';
  const rows = windows.map((w, i) => {
    const byName = new Map(w.columns.map((c) => [c.column, c]));
    return `<tr><td title="from ${escapeHtml(w.start)}">${i}</td>${shown.map((f) => heatCell(byName.get(f.name))).join('')}</tr>`;
  });
  const notes: string[] = [];
  if (restDrifted.length > 0)
    notes.push(
      `<p><span class="drift">${restDrifted.length} more drifted feature(s)</span> without a column (windows where they drifted): ${escapeHtml(restDrifted.map((f) => `${f.name} (${spans(f.windows)})`).join(', '))}.</p>`,
    );
  if (restSteady.length > 0)
    notes.push(
      `<p class="note">${restSteady.length} feature(s) never drifted: ${escapeHtml(restSteady.map((f) => f.name).join(', '))}.</p>`,
    );
  const note =
    notes.length === 0
      ? ''
      : `${notes.join('')}<p class="note">Every value of every feature is in the --json report.</p>`;
  return (
    `<h2>Drift per feature</h2><p class="note">${drifted.length} of ${features.length} features drifted in at least one window; they come first. Each cell is the value compared with the feature's threshold (under its name): a test's p-value or a distance; red where it drifted (hover for the statistic).</p>` +
    `<div class="scroll"><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>${note}`
  );
}
