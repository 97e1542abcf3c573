/**
 * The option types of the charts (issue 26, item 4): one set of types for the dashboard in the
 * browser and the standalone HTML reports the CLI writes, so both draw the same SVG from the same
 * code. Everything here is plain data (plus optional formatter functions); nothing touches Node or
 * the DOM. See docs/design/charts.md.
 */

/** One point of a line; `y: null` leaves a gap (a window with no value yet). */
export interface Point {
  x: number;
  y: number | null;
}

/** One point of a band (a confidence interval around a line); nulls leave a gap. */
export interface BandPoint {
  x: number;
  lower: number | null;
  upper: number | null;
}

/** An axis of a line or scatter chart. */
export interface Axis {
  /** The axis title, written beside the axis. */
  label?: string;
  /** `number` (default): plain ticks; `time`: x values are epoch milliseconds, ticks at round times (UTC). */
  kind?: 'number' | 'time';
  /** A logarithmic scale (values ≤ 0 are left out). y and scatter axes only. */
  log?: boolean;
  /** Fixed ends; by default the range of the data, widened to nice ticks. */
  min?: number;
  max?: number;
  /** Include 0 in the automatic range (rates, counts). */
  fromZero?: boolean;
  /** The values the quantity can take (accuracy: [0, 1]): the automatic range stays inside. */
  bounds?: [number, number];
  /** Only whole-number ticks (steps, window indices). */
  integer?: boolean;
  /** Tick and tooltip text of a value; default: a compact number (or a UTC time for `time`). */
  format?: (v: number) => string;
}

/** One line of a line chart. */
export interface LineSeries {
  name: string;
  points: ReadonlyArray<Point>;
  /** An interval around the line (estimated performance ± its confidence band). */
  band?: ReadonlyArray<BandPoint>;
  dashed?: boolean;
  /** Palette slot 0–7 (class `fw-s<N>`); by default the series' position. */
  color?: number;
  /** A circle with a tooltip per point; default: when the series has ≤ 60 points after down-sampling. */
  markers?: boolean;
}

/** A constant line across the plot (a drift or alert threshold). */
export interface Threshold {
  value: number;
  label: string;
}

export interface LineChartOptions {
  /** Names the chart: its `<title>` and aria-label. */
  title: string;
  series: ReadonlyArray<LineSeries>;
  x?: Axis;
  y?: Axis;
  thresholds?: ReadonlyArray<Threshold>;
  /** Pixels (the SVG scales with its container through its viewBox). Default 720 × 260. */
  width?: number;
  height?: number;
  /** Default true when there is more than one series (or a threshold). */
  legend?: boolean;
  /** Points per pixel column kept by the down-sampling (default 2: the min and max of each column). */
  pointsPerPixel?: number;
  /** A marker's tooltip (default "SERIES at X: Y (LOWER – UPPER)"); the result is escaped. */
  tip?: (p: { series: string; x: number; y: number; lower?: number; upper?: number }) => string;
}

/** One set of bars: a value per category or bin. */
export interface BarSeries {
  name: string;
  values: ReadonlyArray<number>;
  /** Palette slot 0–7; by default the series' position. */
  color?: number;
}

/** Bars per category: vertical bars (one or two series side by side) or horizontal labelled bars (top values). */
export interface BarChartOptions {
  title: string;
  labels: ReadonlyArray<string>;
  /** One series, or two (reference and current) drawn side by side per category. */
  series: ReadonlyArray<BarSeries>;
  orientation?: 'vertical' | 'horizontal';
  /** How values read in ticks and tooltips: `count` (default), `share` (0–1 shown as %), or a function. */
  value?: 'count' | 'share' | ((v: number) => string);
  /** Axis title of the values. */
  valueLabel?: string;
  width?: number;
  height?: number;
  /** Longest label shown before it is cut with "…" (the full label stays in the tooltip). Default 16. */
  maxLabel?: number;
}

/** Bars over numeric bins: `edges` has one more entry than each series has values. */
export interface HistogramOptions {
  title: string;
  edges: ReadonlyArray<number>;
  /** One series, or two (reference and current) overlaid per bin. */
  series: ReadonlyArray<BarSeries>;
  value?: 'count' | 'share' | ((v: number) => string);
  valueLabel?: string;
  x?: Pick<Axis, 'label' | 'kind' | 'format'>;
  width?: number;
  height?: number;
}

/** One point of a scatter chart. */
export interface ScatterPoint {
  x: number;
  y: number;
  /** Written in the tooltip (a run name). */
  label?: string;
  /** Relative weight 0–1: the circle's area grows with it (rows in a calibration bin). */
  weight?: number;
  /** A whisker from `lower` to `upper` (an interval of y). */
  lower?: number;
  upper?: number;
  /** Short text written beside the point (a count). */
  note?: string;
  /** Palette slot 0–7 (default 0). */
  color?: number;
}

export interface ScatterOptions {
  title: string;
  points: ReadonlyArray<ScatterPoint>;
  x?: Axis;
  y?: Axis;
  /** A dashed y = x line (perfect calibration, predicted = actual). */
  diagonal?: boolean;
  /** Join the points in order with a thin line. */
  connect?: boolean;
  /** Legend entries (palette slot → text). */
  legend?: ReadonlyArray<{ label: string; color?: number; dashed?: boolean }>;
  width?: number;
  height?: number;
}

/** One cell of a heat table. */
export interface HeatCell {
  value: number;
  /** The text shown (default: the value, formatted). */
  text?: string;
  /** Tooltip. */
  title?: string;
  /** Palette level 0–4 (default: from the value's place between the table's min and max). */
  level?: number;
  /** Marked as flagged (a drifted cell): class `fw-flag`, and "(flagged)" for screen readers. */
  flag?: boolean;
}

/** A windows × features table of values coloured by a small fixed palette. */
export interface HeatTableOptions {
  caption: string;
  /** Header of the row-label column (e.g. "window"). */
  corner: string;
  rows: ReadonlyArray<{ label: string; title?: string }>;
  columns: ReadonlyArray<{ label: string; note?: string }>;
  /** `cells[row][column]`; null where there is no value. */
  cells: ReadonlyArray<ReadonlyArray<HeatCell | null>>;
  /** Higher values are worse (default) or better: decides which end is dark. */
  higherIs?: 'worse' | 'better';
  format?: (v: number) => string;
}

/** One axis of a parallel-coordinates chart (a param or a metric). */
export interface ParallelAxis {
  name: string;
  log?: boolean;
  /** For categorical params: the categories in axis order (values are then indices into it). */
  categories?: ReadonlyArray<string>;
  format?: (v: number) => string;
}

/** Runs drawn as lines across one vertical axis per param or metric. */
export interface ParallelOptions {
  title: string;
  axes: ReadonlyArray<ParallelAxis>;
  /** One line per item (a run): its value on each axis (null: missing, the line breaks there). */
  lines: ReadonlyArray<{ label: string; values: ReadonlyArray<number | null>; color?: number }>;
  width?: number;
  height?: number;
}
