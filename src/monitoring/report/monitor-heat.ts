/**
 * The per-feature drift table of the monitor page: one row per window, one column per feature,
 * each cell the value compared with that feature's threshold (a test's p-value, or the distance),
 * coloured by how far into drift it is and outlined where it drifted (src/charts' heat table, as on
 * the dashboard). Features that drifted in the most windows come first, and the table has at
 * most `MAX_COLUMNS` feature columns, so it fits the page and no red cell hides behind a scroll
 * bar; the features without a column are listed under it (the drifted ones with their windows).
 */
import { heatTable as chartsHeatTable, type HeatCell } from '../../charts/index.js';
import { escapeHtml } from '../../core/index.js';
import type { MonitorColumn, MonitorWindow } from '../monitor.js';
import { shortNumber } from './drift-svg.js';
import { driftRule, driftText, isTest } from './monitor-text.js';

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

/**
 * How far a value is into drift, as one of the charts' five heat levels: 0–2 for no drift (the
 * value's share of the way to its threshold: under a third, two thirds, or closer), 3 for drift,
 * 4 for drift ten times past the threshold. A test's p-value is read as threshold / p, a distance
 * as distance / threshold, so both scales colour alike.
 */
export function driftLevel(c: MonitorColumn): number {
  const ratio = isTest(c.method)
    ? c.threshold / Math.max(c.score, 1e-300)
    : c.score / Math.max(c.threshold, 1e-300);
  if (c.drift) return ratio >= 10 ? 4 : 3;
  return ratio < 1 / 3 ? 0 : ratio < 2 / 3 ? 1 : 2;
}

function heatCell(c: MonitorColumn | undefined): HeatCell | null {
  if (!c) return null;
  return {
    value: c.score,
    text: shortNumber(c.score),
    title: `${c.column}: ${driftText(c, shortNumber)} (${c.drift ? 'drift' : 'no drift'})`,
    level: driftLevel(c),
    flag: c.drift,
  };
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
  const table = chartsHeatTable({
    caption: 'drift per feature and window',
    corner: 'window',
    rows: windows.map((w, i) => ({ label: String(i), title: `from ${w.start}` })),
    columns: shown.map((f) => ({ label: f.name, note: driftRule(sample.get(f.name)!, shortNumber) })),
    cells: windows.map((w) => {
      const byName = new Map(w.columns.map((c) => [c.column, c]));
      return shown.map((f) => heatCell(byName.get(f.name)));
    }),
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
    `<h2>Drift per feature</h2><p class="note">${drifted.length} of ${features.length} features drifted in at least one window; they come first. Each cell is the value compared with the feature's threshold (under its name): a test's p-value or a distance; darker the further into drift, outlined where it drifted (hover for the statistic).</p>` +
    `<div class="scroll" tabindex="0">${table}</div>${note}`
  );
}
