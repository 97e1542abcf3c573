/** Metric points held in memory until the next flush: typed columns, no object per point. */
import type { MetricColumns } from '../storage/metadata/index.js';

const EMPTY = new Float64Array(0);

/** A growable column buffer of metric points. */
export class MetricBuffer {
  private keys: string[] = [];
  private values: Float64Array;
  private steps: Float64Array;
  private times: Float64Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.values = new Float64Array(capacity);
    this.steps = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
  }

  /** Points buffered. */
  get length(): number {
    return this.n;
  }

  /** Add one point. */
  push(key: string, value: number, step: number, time: number): void {
    if (this.n === this.values.length) this.grow();
    this.keys.push(key);
    this.values[this.n] = value;
    this.steps[this.n] = step;
    this.times[this.n] = time;
    this.n++;
  }

  /** Hand the buffered points over as columns and start empty. */
  take(): MetricColumns {
    if (this.n === 0) return { length: 0, keys: [], values: EMPTY, steps: EMPTY, times: EMPTY };
    const out: MetricColumns = {
      length: this.n,
      keys: this.keys,
      values: this.values.subarray(0, this.n),
      steps: this.steps.subarray(0, this.n),
      times: this.times.subarray(0, this.n),
    };
    const capacity = this.values.length;
    this.keys = [];
    this.values = new Float64Array(capacity);
    this.steps = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.n = 0;
    return out;
  }

  /** Put points back at the front (a flush that failed), keeping their order before newer points. */
  restore(points: MetricColumns): void {
    const newer = this.take();
    for (const cols of [points, newer]) {
      for (let i = 0; i < cols.length; i++) {
        this.push(cols.keys[i]!, cols.values[i]!, cols.steps[i]!, cols.times[i]!);
      }
    }
  }

  private grow(): void {
    const size = this.values.length * 2;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.values = grow(this.values);
    this.steps = grow(this.steps);
    this.times = grow(this.times);
  }
}
