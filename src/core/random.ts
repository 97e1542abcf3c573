/**
 * The one seeded random number generator: training (row sampling, initial weights, dropout,
 * shuffles), evaluation's baselines and explanations, data splits and profiles, monitoring's
 * bootstrap and the tests' generated data all draw from it, so a seed means the same sequence
 * everywhere. sfc32 seeded through splitmix32: fast, and good enough for sampling (not for secrets).
 */

/** A deterministic stream of random numbers. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A normally distributed number (mean 0, standard deviation 1). */
  normal(): number;
  /** Shuffle `values` in place (Fisher–Yates) and return it. */
  shuffle<A extends { length: number; [i: number]: unknown }>(values: A): A;
}

/** An Rng from a 32-bit seed (`seed >>> 0`: its integer part, modulo 2³²). */
export function createRng(seed: number): Rng {
  const next32 = sfc32(seed >>> 0);
  const next = (): number => next32() / 4294967296;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      let u = next();
      while (u === 0) u = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    shuffle(values) {
      for (let i = values.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
      }
      return values;
    },
  };
}

/** Uniform numbers in [0, 1) from a seed: `createRng(seed).next`, for callers that need only those. */
export function seededUniform(seed: number): () => number {
  return createRng(seed).next;
}

/** sfc32's 32-bit outputs, its four words of state drawn from splitmix32 and warmed up by 12 rounds. */
function sfc32(seed: number): () => number {
  let s = seed;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next32();
  return next32;
}
