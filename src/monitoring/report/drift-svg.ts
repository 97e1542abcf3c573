/**
 * Reference-versus-current charts as inline SVG: paired bars per bin (numeric columns) or per
 * category (categorical columns), reference in grey-blue, current in orange, heights as shares.
 */
import { escapeHtml } from '../../core/index.js';
import type { ColumnHistogram } from '../drift/index.js';

const W = 560;
const H = 190;
const PAD = { left: 44, right: 8, top: 10, bottom: 46 };

/** Format a number compactly for axis labels. */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

/** The chart of one column's histogram pair. */
export function histogramSvg(h: ColumnHistogram): string {
  const n = h.reference.length;
  if (n === 0) return '<p class="note">No values to chart.</p>';
  const max = Math.max(...h.reference, ...h.current, 1e-12);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / n;
  const bar = Math.max(1, slot / 2 - 0.5);
  const y = (share: number) => PAD.top + plotH * (1 - share / max);
  const bars: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = PAD.left + i * slot;
    const label = h.labels ? h.labels[i]! : `${shortNumber(h.edges![i]!)} – ${shortNumber(h.edges![i + 1]!)}`;
    bars.push(
      rect(x, y(h.reference[i]!), bar, 'ref', `${label}: reference ${(100 * h.reference[i]!).toFixed(2)}%`),
    );
    bars.push(
      rect(x + bar, y(h.current[i]!), bar, 'cur', `${label}: current ${(100 * h.current[i]!).toFixed(2)}%`),
    );
  }
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="reference and current distributions">${axes(max, plotH)}${bars.join('')}${xLabels(h, slot)}</svg>`;
}

function rect(x: number, top: number, w: number, cls: string, title: string): string {
  const bottom = H - PAD.bottom;
  return `<rect class="${cls}" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${w.toFixed(1)}" height="${Math.max(0, bottom - top).toFixed(1)}"><title>${escapeHtml(title)}</title></rect>`;
}

function axes(max: number, plotH: number): string {
  const bottom = H - PAD.bottom;
  return (
    `<line x1="${PAD.left}" y1="${bottom}" x2="${W - PAD.right}" y2="${bottom}" stroke="#9aa5b1"/>` +
    `<text x="${PAD.left - 4}" y="${PAD.top + 8}" text-anchor="end">${(100 * max).toFixed(1)}%</text>` +
    `<text x="${PAD.left - 4}" y="${PAD.top + plotH}" text-anchor="end">0</text>`
  );
}

function xLabels(h: ColumnHistogram, slot: number): string {
  const y = H - PAD.bottom + 14;
  if (h.labels) {
    const every = Math.ceil(h.labels.length / 12);
    return h.labels
      .map((l, i) =>
        i % every === 0
          ? `<text x="${(PAD.left + (i + 0.5) * slot).toFixed(1)}" y="${y}" text-anchor="end" transform="rotate(-30 ${(PAD.left + (i + 0.5) * slot).toFixed(1)} ${y})">${escapeHtml(l.length > 14 ? `${l.slice(0, 13)}…` : l)}</text>`
          : '',
      )
      .join('');
  }
  const edges = h.edges!;
  const last = edges.length - 1;
  return [0, Math.floor(last / 2), last]
    .map(
      (i) =>
        `<text x="${(PAD.left + i * slot).toFixed(1)}" y="${y}" text-anchor="middle">${escapeHtml(shortNumber(edges[i]!))}</text>`,
    )
    .join('');
}
