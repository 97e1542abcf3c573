/**
 * The Page–Hinkley test (Page 1954; Hinkley 1971) for a change in the mean of a stream: it keeps
 * the cumulative deviation of each value from the running mean, less a tolerance δ, with a
 * forgetting factor α, and signals when that sum has risen (or fallen) more than λ above its
 * lowest (below its highest) point. λ is in the units of the stream: on a stream with standard
 * deviation σ, use λ/σ as the effective threshold (see docs/monitoring.md for measured false-alarm
 * rates). After a detection the test starts afresh.
 */

/** Page–Hinkley settings (River's defaults). */
export interface PageHinkleyOptions {
  /** Smallest change of the mean that should count (0.005). */
  delta?: number;
  /** Detection threshold λ (50). */
  threshold?: number;
  /** Forgetting factor for the cumulative sums (1 − 0.0001). */
  alpha?: number;
  /** No detection before this many values since the last one (30). */
  minInstances?: number;
  /** Watch for increases, decreases or both (both). */
  direction?: 'up' | 'down' | 'both';
}

/** Page–Hinkley change detector. */
export class PageHinkley {
  private readonly delta: number;
  private readonly threshold: number;
  private readonly alpha: number;
  private readonly minInstances: number;
  private readonly direction: 'up' | 'down' | 'both';
  private n = 0;
  private mean = 0;
  private sumUp = 0;
  private sumDown = 0;
  private minUp = Number.POSITIVE_INFINITY;
  private maxDown = Number.NEGATIVE_INFINITY;
  /** Detections so far. */
  detections = 0;

  constructor(options: PageHinkleyOptions = {}) {
    this.delta = options.delta ?? 0.005;
    this.threshold = options.threshold ?? 50;
    this.alpha = options.alpha ?? 1 - 0.0001;
    this.minInstances = options.minInstances ?? 30;
    this.direction = options.direction ?? 'both';
  }

  /** Add one value; true when a change was detected. */
  update(x: number): boolean {
    this.n++;
    this.mean += (x - this.mean) / this.n;
    this.sumUp = this.alpha * this.sumUp + (x - this.mean - this.delta);
    this.sumDown = this.alpha * this.sumDown + (x - this.mean + this.delta);
    this.minUp = Math.min(this.minUp, this.sumUp);
    this.maxDown = Math.max(this.maxDown, this.sumDown);
    if (this.n < this.minInstances) return false;
    const up = this.direction !== 'down' && this.sumUp - this.minUp > this.threshold;
    const down = this.direction !== 'up' && this.maxDown - this.sumDown > this.threshold;
    if (!up && !down) return false;
    this.detections++;
    this.reset();
    return true;
  }

  /** Start afresh (keeps the count of detections). */
  reset(): void {
    this.n = 0;
    this.mean = 0;
    this.sumUp = 0;
    this.sumDown = 0;
    this.minUp = Number.POSITIVE_INFINITY;
    this.maxDown = Number.NEGATIVE_INFINITY;
  }
}
