/**
 * Charts over the windows of a monitor report, drawn by src/charts' line chart (the dashboard's
 * monitoring page draws the same): one or more lines across the window index, gaps where a window
 * has no value (performance before labels arrive), an optional band with whiskers around a line
 * (an estimate ± 2 standard errors), and dashed threshold lines. Every point carries a `<title>`
 * with its exact value, so the chart reads without scripts.
 */
import { type BandPoint, lineChart } from '../../charts/index.js';
import { shortNumber } from './drift-svg.js';

/** One line of a window chart. */
export interface WindowSeries {
  name: string;
  /** One value per window; null where the window has none. */
  values: Array<number | null>;
  /** Palette slot 0–7 of src/charts (by default the series' position). */
  color?: number;
  dashed?: boolean;
  /** Lower and upper bound per window (drawn as a shaded band with whiskers); null where none. */
  band?: Array<[number, number] | null>;
}

/** What to draw: the series, the y label and, if fixed, the y range. */
export interface WindowChart {
  /** Names the chart for screen readers (aria-label and <title>). */
  label: string;
  yLabel: string;
  series: WindowSeries[];
  /** Constant lines (the dataset drift threshold). */
  thresholds?: Array<{ value: number; label: string }>;
  /** Fixed y range; by default the range of the values (and bands), widened to nice ticks. */
  range?: [number, number];
  /** Start the automatic range at 0 (rates). */
  fromZero?: boolean;
  /** The values the metric can take (accuracy: [0, 1]): the automatic range stays inside. */
  bounds?: [number, number];
}

/** A line chart over window indices 0 … n−1. */
export function windowChartSvg(chart: WindowChart): string {
  return lineChart({
    title: chart.label,
    width: 720,
    height: 230,
    legend: true,
    x: { label: 'window', integer: true },
    y: {
      label: chart.yLabel,
      ...(chart.range ? { min: chart.range[0], max: chart.range[1] } : {}),
      fromZero: chart.fromZero,
      bounds: chart.bounds,
    },
    thresholds: chart.thresholds,
    series: chart.series.map((s) => ({
      name: s.name,
      color: s.color,
      dashed: s.dashed,
      markers: true,
      points: s.values.map((y, x) => ({ x, y })),
      band: s.band?.map((b, x): BandPoint => ({ x, lower: b?.[0] ?? null, upper: b?.[1] ?? null })),
    })),
    tip: ({ series, x, y, lower, upper }) =>
      `window ${x}: ${series} ${shortNumber(y)}${lower !== undefined && upper !== undefined ? ` (${shortNumber(lower)} – ${shortNumber(upper)})` : ''}`,
  });
}
