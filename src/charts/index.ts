/**
 * Flywheel's charts (issue 26, item 4): pure functions from plain data to SVG (and, for the heat
 * table, HTML) strings, shared by the dashboard's browser bundle and the standalone HTML reports
 * the CLI writes, so both look the same. Isomorphic on purpose: no Node imports, no DOM, no
 * imports from the rest of Flywheel; no inline styles (classes plus CHART_CSS), all text escaped
 * by one function. Why SVG strings and not a canvas library: docs/design/charts.md.
 */
export { barChart, histogram } from './bar.js';
export { CHART_CSS, HEAT_COLORS, SERIES_COLORS } from './css.js';
export { downsample, downsampleBand } from './downsample.js';
export { cut, esc } from './escape.js';
export { formatDateTime, formatNumber, formatShare, formatTick, formatTime } from './format.js';
export { figure } from './frame.js';
export { heatLevel, heatTable } from './heat.js';
export { lineChart } from './line.js';
export { parallelCoordinates } from './parallel.js';
export { scatter } from './scatter.js';
export { logTicks, niceTicks, type Ticks, ticksWithin, timeTicks } from './ticks.js';
export type {
  Axis,
  BandPoint,
  BarChartOptions,
  BarSeries,
  HeatCell,
  HeatTableOptions,
  HistogramOptions,
  LineChartOptions,
  LineSeries,
  ParallelAxis,
  ParallelOptions,
  Point,
  ScatterOptions,
  ScatterPoint,
  Threshold,
} from './types.js';
