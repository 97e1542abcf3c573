/** Scatter charts (filled in below). */
import { svg } from './frame.js';
import type { ScatterOptions } from './types.js';

export function scatter(o: ScatterOptions): string {
  return svg('scatter', o.title, o.width ?? 320, o.height ?? 260, '');
}
