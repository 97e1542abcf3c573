/** Bar charts and histograms (filled in below). */
import { svg } from './frame.js';
import type { BarChartOptions, HistogramOptions } from './types.js';

export function barChart(o: BarChartOptions): string {
  return svg('bar', o.title, o.width ?? 560, o.height ?? 200, '');
}

export function histogram(o: HistogramOptions): string {
  return svg('histogram', o.title, o.width ?? 560, o.height ?? 200, '');
}
