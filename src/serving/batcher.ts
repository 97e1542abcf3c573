/**
 * Dynamic batching for one loaded model version: requests that arrive together are grouped and
 * scored in one pass, up to `maxBatchSize` rows or `maxWaitUs` microseconds after the first one
 * waits (0: whatever arrived in the same event-loop turn). The queue is bounded in rows: a full
 * queue refuses with OVERLOADED (503 + Retry-After) instead of growing.
 */
import { FlywheelError } from '../core/index.js';
import type { FeatureRow, Model } from '../models/index.js';

/** Batching settings. */
export interface BatchOptions {
  maxBatchSize: number;
  maxWaitUs: number;
  /** Rows that may wait at once. */
  maxQueueRows: number;
}

/**
 * Defaults: batches of up to 64 rows, no added wait (a request is scored on arrival unless others
 * are already queued), 4096 rows queued at most. Grouping needs `maxWaitUs` > 0.
 */
export const DEFAULT_BATCH: BatchOptions = { maxBatchSize: 64, maxWaitUs: 0, maxQueueRows: 4096 };

/** The OVERLOADED error of a full batch queue (503 with Retry-After). */
export function queueFull(waiting: number): FlywheelError {
  return new FlywheelError('OVERLOADED', `the batch queue is full (${waiting} rows waiting)`, {
    hint: 'Retry after the time in the Retry-After header, or add replicas.',
    details: { retryAfterSeconds: 1 },
  });
}

interface Job {
  rows: readonly FeatureRow[];
  resolve(values: Float64Array): void;
  reject(error: unknown): void;
}

/** A batcher's observer (metrics). */
export interface BatchObserver {
  batch(rows: number): void;
  depth(rows: number): void;
}

/** Groups predictions for one model. */
export class Batcher {
  private queue: Job[] = [];
  private queuedRows = 0;
  private scheduled = false;

  constructor(
    readonly model: Model,
    private readonly options: BatchOptions,
    private readonly observer?: BatchObserver,
  ) {}

  /** Rows waiting now. */
  get depth(): number {
    return this.queuedRows;
  }

  /** Predict rows: resolves with row-major values (rows × model.outputWidth). */
  predict(rows: readonly FeatureRow[]): Promise<Float64Array> {
    if (this.queuedRows + rows.length > this.options.maxQueueRows && this.queuedRows > 0) {
      return Promise.reject(queueFull(this.queuedRows));
    }
    if (this.options.maxWaitUs === 0 && this.queuedRows === 0) {
      // No wait allowed and nothing queued: score now, on this turn (no extra event-loop hop).
      this.observer?.batch(rows.length);
      try {
        return Promise.resolve(this.score(rows));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queuedRows += rows.length;
      this.observer?.depth(this.queuedRows);
      if (this.queuedRows >= this.options.maxBatchSize) this.flush();
      else this.schedule();
    });
  }

  /**
   * Score rows on this turn when nothing waits and no wait is configured (what `predict` does
   * anyway), without a promise; undefined when the rows must queue.
   */
  scoreNow(rows: readonly FeatureRow[]): Float64Array | undefined {
    if (this.options.maxWaitUs !== 0 || this.queuedRows !== 0) return undefined;
    this.observer?.batch(rows.length);
    return this.score(rows);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.flush();
    };
    if (this.options.maxWaitUs >= 1000) setTimeout(run, Math.round(this.options.maxWaitUs / 1000));
    else setImmediate(run);
  }

  /** Score everything queued now, job by job (a failing row fails its own request only). */
  flush(): void {
    const jobs = this.queue;
    if (jobs.length === 0) return;
    this.queue = [];
    const total = this.queuedRows;
    this.queuedRows = 0;
    this.observer?.depth(0);
    this.observer?.batch(total);
    for (const job of jobs) {
      try {
        job.resolve(this.score(job.rows));
      } catch (error) {
        job.reject(error);
      }
    }
  }

  private score(rows: readonly FeatureRow[]): Float64Array {
    const width = this.model.outputWidth;
    const out = new Float64Array(rows.length * width);
    if (rows.length === 1) this.model.predictRow(rows[0]!, out);
    else
      for (let r = 0; r < rows.length; r++)
        this.model.predictRow(rows[r]!, out.subarray(r * width, (r + 1) * width));
    return out;
  }
}
