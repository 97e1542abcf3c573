/**
 * Down-sampling a line to what its plot can show: min/max per pixel column. The x range is cut
 * into columns; each column keeps its lowest and highest point (in their original order), and the
 * first and last points are always kept, so every extreme and both ends survive and the drawn
 * line looks the same as the full one at that width (docs/design/charts.md has the figures).
 * Gaps (y = null) are kept as one null between the runs they separate.
 */
import type { BandPoint, Point } from './types.js';

/**
 * At most `budget` points of `points` (the input itself when it already fits). `budget` ≥ 4.
 * Points are expected in x order (steps, times); unordered input still gets a result within
 * the budget, by a strided fallback that keeps the first, last, lowest and highest points.
 */
export function downsample(points: ReadonlyArray<Point>, budget: number): ReadonlyArray<Point> {
  const n = points.length;
  const limit = Math.max(4, Math.floor(budget));
  if (n <= limit) return points;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (p.x < lo) lo = p.x;
    if (p.x > hi) hi = p.x;
  }
  // Two points per column, plus the first and last points: (columns × 2) + 2 ≤ limit.
  const columns = Math.max(1, Math.floor((limit - 2) / 2));
  const span = hi - lo || 1;
  const out: Point[] = [];
  let col = -1;
  let minI = -1;
  let maxI = -1;
  const flush = () => {
    if (minI < 0) return;
    const a = Math.min(minI, maxI);
    const b = Math.max(minI, maxI);
    push(out, points[a]!);
    if (b !== a) push(out, points[b]!);
    minI = -1;
    maxI = -1;
  };
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    if (p.y === null || !Number.isFinite(p.y)) {
      flush();
      if (out.length > 0 && out[out.length - 1]!.y !== null) out.push({ x: p.x, y: null });
      col = -1;
      continue;
    }
    const c = Math.min(columns - 1, Math.floor(((p.x - lo) / span) * columns));
    if (c !== col) {
      flush();
      col = c;
    }
    if (minI < 0 || p.y < points[minI]!.y!) minI = i;
    if (maxI < 0 || p.y > points[maxI]!.y!) maxI = i;
  }
  flush();
  while (out.length > 0 && out[out.length - 1]!.y === null) out.pop();
  keepEnds(points, out);
  return out.length <= limit ? out : strided(points, limit);
}

/** Appends `p` unless it is the point just appended. */
function push(out: Point[], p: Point): void {
  if (out[out.length - 1] !== p) out.push(p);
}

/** Makes sure the first and last defined points of `points` start and end `out`. */
function keepEnds(points: ReadonlyArray<Point>, out: Point[]): void {
  const first = points.find((p) => p.y !== null && Number.isFinite(p.y));
  let last: Point | undefined;
  for (let i = points.length - 1; i >= 0 && !last; i--)
    if (points[i]!.y !== null && Number.isFinite(points[i]!.y)) last = points[i];
  if (first && out[0] !== first) out.unshift(first);
  if (last && out[out.length - 1] !== last) out.push(last);
}

/** Every k-th point plus the first, last, lowest and highest, in order, gaps dropped: ≤ `limit` points. */
function strided(points: ReadonlyArray<Point>, limit: number): Point[] {
  const defined: number[] = [];
  for (let i = 0; i < points.length; i++)
    if (points[i]!.y !== null && Number.isFinite(points[i]!.y)) defined.push(i);
  if (defined.length <= limit) return defined.map((i) => points[i]!);
  let minI = defined[0]!;
  let maxI = defined[0]!;
  for (const i of defined) {
    if (points[i]!.y! < points[minI]!.y!) minI = i;
    if (points[i]!.y! > points[maxI]!.y!) maxI = i;
  }
  const keep = new Set([defined[0]!, defined[defined.length - 1]!, minI, maxI]);
  const room = limit - keep.size;
  const stride = defined.length / Math.max(1, room);
  for (let k = 0; k < room && keep.size < limit; k++) keep.add(defined[Math.floor(k * stride)]!);
  return [...keep].sort((a, b) => a - b).map((i) => points[i]!);
}

/**
 * A band cut to at most `budget` points: per pixel column its lowest lower and highest upper bound
 * (the envelope, so the band never looks narrower than it is), at the column's first x.
 */
export function downsampleBand(band: ReadonlyArray<BandPoint>, budget: number): ReadonlyArray<BandPoint> {
  const limit = Math.max(4, Math.floor(budget));
  if (band.length <= limit) return band;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const b of band) {
    if (b.x < lo) lo = b.x;
    if (b.x > hi) hi = b.x;
  }
  const columns = Math.max(1, limit - 2);
  const span = hi - lo || 1;
  const out: BandPoint[] = [];
  let col = -1;
  let cur: BandPoint | null = null;
  for (const b of band) {
    const gap = b.lower === null || b.upper === null;
    const c = Math.min(columns - 1, Math.floor(((b.x - lo) / span) * columns));
    if (gap) {
      if (cur) out.push(cur);
      cur = null;
      if (out.length > 0 && out[out.length - 1]!.lower !== null)
        out.push({ x: b.x, lower: null, upper: null });
      col = -1;
      continue;
    }
    if (c !== col || !cur) {
      if (cur) out.push(cur);
      cur = { x: b.x, lower: b.lower, upper: b.upper };
      col = c;
    } else {
      cur.lower = Math.min(cur.lower!, b.lower!);
      cur.upper = Math.max(cur.upper!, b.upper!);
    }
  }
  if (cur) out.push(cur);
  if (out.length <= limit) return out;
  // Too many gaps or unordered x: every k-th defined point, gaps dropped, first and last kept.
  const defined = out.filter((b) => b.lower !== null);
  if (defined.length <= limit) return defined;
  const stride = (defined.length - 1) / (limit - 1);
  return Array.from({ length: limit }, (_, k) => defined[Math.round(k * stride)]!);
}
