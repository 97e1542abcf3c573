/**
 * The charts of an evaluation report (ROC, precision–recall, calibration, coverage–accuracy),
 * drawn by src/charts like every other chart of Flywheel (the dashboard's too). The calibration
 * chart has one point per non-empty bin at (mean predicted, observed), its area growing with the
 * bin's rows, its 95% interval as a whisker and its row count beside it — so a bin of 3 rows
 * reads as the guess it is.
 */
import { figure as fig, lineChart, type Point, scatter } from '../charts/index.js';
import { type CalibrationBin, fmt } from './report-parts.js';

const W = 320;
const H = 260;
const UNIT = { min: 0, max: 1 } as const;

/** A curve's points. */
function points(x: ArrayLike<number>, y: ArrayLike<number>): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < x.length; i++) out.push({ x: x[i]!, y: y[i]! });
  return out;
}

/** A figure: the chart and its caption. */
const figure = (title: string, svg: string) => fig(svg, title);

/** A [0, 1] × [0, 1] curve chart (ROC, PR, coverage). */
export function unitCurveSvg(
  title: string,
  series: Array<{ name: string; x: ArrayLike<number>; y: ArrayLike<number>; dashed?: boolean }>,
  axes: { x: string; y: string },
): string {
  return figure(
    title,
    lineChart({
      title,
      width: W,
      height: H,
      legend: true,
      x: { ...UNIT, label: axes.x },
      y: { ...UNIT, label: axes.y },
      series: series.map((s) => ({
        name: s.name,
        points: points(s.x, s.y),
        dashed: s.dashed,
        markers: false,
      })),
    }),
  );
}

/** The calibration chart of `bins` (same size and axes as the other [0, 1] charts). */
export function calibrationSvg(title: string, bins: CalibrationBin[]): string {
  const most = Math.max(...bins.map((b) => b.rows), 1);
  return figure(
    title,
    scatter({
      title,
      width: W,
      height: H,
      diagonal: true,
      connect: true,
      x: { ...UNIT, label: 'mean predicted probability' },
      y: { ...UNIT, label: 'observed frequency' },
      legend: [
        { label: 'bins (n = rows, bar = 95% interval)', color: 0 },
        { label: 'perfect', color: 1, dashed: true },
      ],
      points: bins.map((b) => ({
        x: b.predicted,
        y: b.observed,
        weight: b.rows / most,
        lower: b.interval[0],
        upper: b.interval[1],
        note: String(b.rows),
        label: `predicted ${fmt(b.from)}–${fmt(b.to)}: ${b.rows} rows, mean predicted ${fmt(b.predicted)}, observed ${fmt(b.observed)} (95% interval ${fmt(b.interval[0])}–${fmt(b.interval[1])})`,
      })),
    }),
  );
}
