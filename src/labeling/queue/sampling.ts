/**
 * The order a labeling project hands out its items: in order, random (a seeded permutation), or by
 * uncertainty of given model scores: entropy (most uncertain = highest entropy first) or margin (the
 * smallest gap between the two most probable classes first). The store sorts by priority ascending.
 */
import { createRng, FlywheelError } from '../../core/index.js';

/** How items are ordered. */
export type SamplingStrategy = 'order' | 'random' | 'entropy' | 'margin';
export const SAMPLING_STRATEGIES: readonly SamplingStrategy[] = ['order', 'random', 'entropy', 'margin'];

/** Shannon entropy (nats) of a probability vector. */
export function entropy(p: readonly number[]): number {
  let h = 0;
  for (const x of p) if (x > 0) h -= x * Math.log(x);
  return h;
}

/** Difference between the two largest probabilities (1 with a single class). */
export function margin(p: readonly number[]): number {
  let a = Number.NEGATIVE_INFINITY;
  let b = Number.NEGATIVE_INFINITY;
  for (const x of p) {
    if (x > a) {
      b = a;
      a = x;
    } else if (x > b) b = x;
  }
  return b === Number.NEGATIVE_INFINITY ? 1 : a - b;
}

/** Priorities (lower first) for `count` items; uncertainty strategies need one score vector per item. */
export function samplingPriorities(
  count: number,
  strategy: SamplingStrategy,
  options: { seed?: number; scores?: readonly (readonly number[])[] } = {},
): number[] {
  if (strategy === 'order') return Array.from({ length: count }, (_, i) => i);
  if (strategy === 'random') {
    const rng = createRng(options.seed ?? 0);
    return Array.from({ length: count }, () => rng.next());
  }
  const scores = options.scores;
  if (!scores || scores.length !== count) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `${strategy} sampling needs model scores for each of the ${count} items (got ${scores?.length ?? 0}).`,
      {
        hint: 'Pass --scores COLUMNS naming the columns of class probabilities, or use --sampling order|random.',
      },
    );
  }
  return scores.map((p) => (strategy === 'entropy' ? -entropy(p) : margin(p)));
}
