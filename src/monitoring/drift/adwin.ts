/**
 * ADWIN, the adaptive sliding window of Bifet and Gavaldà (2007), for a stream of numbers (a
 * feature, or a 0/1 error indicator of a model). The window is kept as an exponential histogram
 * (at most `maxBuckets` buckets of each size 1, 2, 4, …, each with its total and variance), so
 * memory and time per value are O(log n). Every `clock` values it looks for a split of the window
 * into an older and a newer part whose means differ by more than
 *
 *   ε = √(2·m·σ²·ln(2 ln n / δ)) + (2/3)·m·ln(2 ln n / δ),  m = 1/(n₀ − ℓ + 1) + 1/(n₁ − ℓ + 1)
 *
 * (σ² the window's variance, ℓ the minimum sub-window length; the Bernstein bound of MOA's and
 * River's ADWIN) and drops the older part when it finds one: that is a detection.
 */

/** ADWIN settings (River's defaults). */
export interface AdwinOptions {
  /** Confidence: the smaller, the fewer false alarms and the later the detections (0.002). */
  delta?: number;
  /** Check for a split every this many values (32). */
  clock?: number;
  /** Buckets of each size before two are merged (5). */
  maxBuckets?: number;
  /** The shortest older or newer part considered (5). */
  minWindowLength?: number;
  /** No checks before this many values (10). */
  gracePeriod?: number;
}

interface Bucket {
  total: number;
  variance: number;
}

/** ADWIN change detector. */
export class Adwin {
  private readonly delta: number;
  private readonly clock: number;
  private readonly maxBuckets: number;
  private readonly minLength: number;
  private readonly grace: number;
  /** levels[i] holds buckets of 2^i values, oldest first. */
  private levels: Bucket[][] = [];
  private total = 0;
  private variance = 0;
  private seen = 0;
  /** Values in the current window. */
  width = 0;
  /** Detections so far. */
  detections = 0;

  constructor(options: AdwinOptions = {}) {
    this.delta = options.delta ?? 0.002;
    this.clock = options.clock ?? 32;
    this.maxBuckets = options.maxBuckets ?? 5;
    this.minLength = options.minWindowLength ?? 5;
    this.grace = options.gracePeriod ?? 10;
  }

  /** The mean of the current window. */
  get mean(): number {
    return this.width > 0 ? this.total / this.width : 0;
  }

  /** Add one value; true when a change was detected (the window was shrunk). */
  update(x: number): boolean {
    this.insert(x);
    this.seen++;
    if (this.seen % this.clock !== 0 || this.width < this.grace) return false;
    let detected = false;
    while (this.cutOnce()) detected = true;
    if (detected) this.detections++;
    return detected;
  }

  private insert(x: number): void {
    this.width++;
    if (this.width > 1)
      this.variance += ((this.width - 1) * (x - this.total / (this.width - 1)) ** 2) / this.width;
    this.total += x;
    if (this.levels.length === 0) this.levels.push([]);
    this.levels[0]!.push({ total: x, variance: 0 });
    for (let i = 0; i < this.levels.length; i++) {
      const level = this.levels[i]!;
      if (level.length <= this.maxBuckets) break;
      const a = level.shift()!;
      const b = level.shift()!;
      const size = 2 ** i;
      const gap = a.total / size - b.total / size;
      const merged = {
        total: a.total + b.total,
        variance: a.variance + b.variance + (size * size * gap * gap) / (2 * size),
      };
      if (i + 1 === this.levels.length) this.levels.push([]);
      this.levels[i + 1]!.push(merged);
    }
  }

  /** Find the first split (oldest part first) whose means differ too much; drop the oldest bucket. */
  private cutOnce(): boolean {
    let n0 = 0;
    let t0 = 0;
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const size = 2 ** i;
      for (const bucket of this.levels[i]!) {
        n0 += size;
        t0 += bucket.total;
        const n1 = this.width - n0;
        if (n1 < this.minLength) return false;
        if (n0 >= this.minLength && this.differs(n0, t0, n1, this.total - t0)) {
          this.dropOldest();
          return true;
        }
      }
    }
    return false;
  }

  private differs(n0: number, t0: number, n1: number, t1: number): boolean {
    const dd = Math.log((2 * Math.log(this.width)) / this.delta);
    const v = this.variance / this.width;
    const m = 1 / (n0 - this.minLength + 1) + 1 / (n1 - this.minLength + 1);
    const epsilon = Math.sqrt(2 * m * v * dd) + (2 / 3) * dd * m;
    return Math.abs(t0 / n0 - t1 / n1) > epsilon;
  }

  private dropOldest(): void {
    let i = this.levels.length - 1;
    while (i > 0 && this.levels[i]!.length === 0) i--;
    const bucket = this.levels[i]!.shift()!;
    const size = 2 ** i;
    this.width -= size;
    this.total -= bucket.total;
    const u = bucket.total / size;
    const rest = this.width > 0 ? this.total / this.width : 0;
    this.variance -= bucket.variance + (size * this.width * (u - rest) ** 2) / (size + this.width);
    if (this.variance < 0) this.variance = 0;
    while (this.levels.length > 0 && this.levels.at(-1)!.length === 0) this.levels.pop();
  }
}
