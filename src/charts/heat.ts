/** Heat tables (filled in below). */
import { esc } from './escape.js';
import type { HeatTableOptions } from './types.js';

export function heatLevel(value: number, min: number, max: number): number {
  if (!(max > min)) return 0;
  return Math.max(0, Math.min(4, Math.floor(((value - min) / (max - min)) * 5)));
}

export function heatTable(o: HeatTableOptions): string {
  return `<table class="fw-heat"><caption>${esc(o.caption)}</caption></table>`;
}
