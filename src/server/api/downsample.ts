/**
 * Down-sampling of metric curves for `/api/v1/metrics/history`: largest triangle three buckets
 * (LTTB, Steinarsson 2013, "Downsampling Time Series for Visual Representation", ch. 4.2). The
 * first and last points are always kept; between them, each of `max - 2` equal buckets keeps the
 * point that makes the largest triangle with the point kept before it and the mean of the next
 * bucket — so peaks and dips survive, unlike every-k-th sampling. O(n), no allocation but the result.
 */

/** The indices (ascending) of at most `max` points of (x[i], y[i]) that keep the curve's shape. */
export function lttbIndices(x: ArrayLike<number>, y: ArrayLike<number>, max: number): number[] {
  const n = x.length;
  if (max >= n || n <= 2) return Array.from({ length: n }, (_, i) => i);
  if (max < 2) throw new RangeError(`max must be at least 2, got ${max}`);
  const out = [0];
  const every = (n - 2) / (max - 2);
  let a = 0;
  for (let b = 0; b < max - 2; b++) {
    // The next bucket's mean point (the last bucket's "next" is the last point).
    const nextStart = Math.floor((b + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((b + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    let k = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      const v = y[i]!;
      if (Number.isFinite(v)) {
        avgX += x[i]!;
        avgY += v;
        k++;
      }
    }
    if (k > 0) {
      avgX /= k;
      avgY /= k;
    } else {
      avgX = x[n - 1]!;
      avgY = Number.isFinite(y[n - 1]!) ? y[n - 1]! : 0;
    }
    const start = Math.floor(b * every) + 1;
    const end = Math.min(Math.floor((b + 1) * every) + 1, n - 1);
    const ax = x[a]!;
    const ay = Number.isFinite(y[a]!) ? y[a]! : avgY;
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((ax - avgX) * (y[i]! - ay) - (ax - x[i]!) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    out.push(best);
    a = best;
  }
  out.push(n - 1);
  return out;
}
