/**
 * Reference-versus-current charts of a drift or monitor report, drawn by src/charts (the
 * dashboard draws the same): paired bars per bin for numeric columns, per category for
 * categorical ones, heights as shares, the two sides named in the legend.
 */
import { barChart, formatNumber, histogram } from '../../charts/index.js';
import type { ColumnHistogram } from '../drift/index.js';

/** Format a number compactly for axis labels and tooltips (the charts' formatter). */
export const shortNumber = formatNumber;

/** The chart of one column's histogram pair; `names` are the two sides' labels. */
export function histogramSvg(
  h: ColumnHistogram,
  column: string,
  names: [string, string] = ['reference', 'current'],
): string {
  if (h.reference.length === 0) return '<p class="note">No values to chart.</p>';
  const series = [
    { name: names[0], values: h.reference },
    { name: names[1], values: h.current },
  ];
  const title = `${column}: ${names[0]} and ${names[1]} distributions`;
  if (h.labels) return barChart({ title, labels: h.labels, series, value: 'share', width: 560, height: 190 });
  return histogram({ title, edges: h.edges ?? [], series, value: 'share', width: 560, height: 190 });
}
