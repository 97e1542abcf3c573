/**
 * The score stage of the predict pipeline (pipeline.ts), one per loaded version: the requests that
 * arrive in the same event-loop turn (or within `maxWaitUs`) are scored together, their rows going
 * through the model's preprocessing and its batch kernel once, so the trees are read from memory
 * once per turn, not once per request; `maxBatchSize` rows score at once. The queue is bounded in
 * rows: a full queue refuses with OVERLOADED (503 + Retry-After) instead of growing.
 *
 * Rows come in the form their decoder left them in (decode.ts): rows decoded from the body's bytes
 * sit in this batcher's raw matrix (numbers and category codes, `RawPlan` order) and become model
 * inputs through `transformRaw`; checked row objects through `transformRow`. Both write the same
 * inputs for the same rows, and from there one kernel pass, one link and one finiteness check
 * serve every request, so an answer does not depend on which decoder read its body.
 */
import { FlywheelError } from '../../core/index.js';
import { applyLink, type FeatureRow, type Model, type RawPlan } from '../../models/index.js';
import { RowDecoder, RowMatrix } from './row-decoder.js';

/** Batching settings. */
export interface BatchOptions {
  maxBatchSize: number;
  maxWaitUs: number;
  /** Rows that may wait at once. */
  maxQueueRows: number;
}

/**
 * Defaults: batches of up to 64 rows, no added wait (the requests of one event-loop turn are
 * scored together at the end of it), 4096 rows queued at most.
 */
export const DEFAULT_BATCH: BatchOptions = { maxBatchSize: 64, maxWaitUs: 0, maxQueueRows: 4096 };

/** The OVERLOADED error of a full batch queue (503 with Retry-After). */
export function queueFull(waiting: number): FlywheelError {
  return new FlywheelError('OVERLOADED', `the batch queue is full (${waiting} rows waiting)`, {
    hint: 'Retry after the time in the Retry-After header, or add replicas.',
    details: { retryAfterSeconds: 1 },
  });
}

/** A batcher's observer (metrics). */
export interface BatchObserver {
  batch(rows: number): void;
  depth(rows: number): void;
}

/**
 * Where a request's scores go: `values` (row-major rows × model.outputWidth) is readable only
 * during the call (the buffer is reused by the next batch); `error` set when scoring failed.
 */
export type Scored = (error: unknown, values: Float64Array | undefined) => void;

interface Job {
  rows: number;
  /** First row in the raw matrix (rows decoded from bytes), or -1. */
  raw: number;
  /** The checked rows (rows decoded by JSON.parse), or null. */
  objects: readonly FeatureRow[] | null;
  done: Scored;
}

/** The score stage of one model version. */
export class Batcher {
  /** The fast decoder of this version's bodies, or null when its model cannot take one (decode.ts). */
  readonly decoder: RowDecoder | null;
  /** Rows decoded from bytes, waiting (`raw.rows` of them). */
  readonly raw: RowMatrix;
  private readonly plan: RawPlan | null;
  private pending: Job[] = [];
  private queuedRows = 0;
  private scheduled = false;
  /** Scores of a batch are being delivered (a callback may submit a request at once). */
  private answering = false;
  private x = new Float64Array(0);
  private z = new Float64Array(0);

  constructor(
    readonly model: Model,
    private readonly options: BatchOptions,
    private readonly observer?: BatchObserver,
  ) {
    const { schema, preprocessor, scorer } = model;
    // An ensemble scores through its members' own preprocessing: only row objects reach it.
    const plan =
      model.family === 'ensemble' || scorer.outputs !== model.outputWidth
        ? null
        : preprocessor.rawPlan(schema.features);
    const decoder =
      plan &&
      RowDecoder.create(
        schema.features.map((f) => f.name),
        plan.categories,
      );
    this.plan = decoder ? plan : null;
    this.decoder = decoder ?? null;
    this.raw = new RowMatrix(Math.max(1, schema.features.length));
  }

  /** Rows waiting now. */
  get depth(): number {
    return this.queuedRows;
  }

  /**
   * Queue `rows` rows decoded from bytes into `raw` from row `at` (what the fast decoder just
   * appended); the OVERLOADED error when they do not fit (then they are taken back out).
   */
  submitRaw(at: number, rows: number, done: Scored): FlywheelError | undefined {
    const full = this.full(rows);
    if (full) {
      this.raw.rows = at;
      return full;
    }
    this.enqueue({ rows, raw: at, objects: null, done });
    return undefined;
  }

  /** Queue checked row objects; the OVERLOADED error when they do not fit. */
  submitRows(objects: readonly FeatureRow[], done: Scored): FlywheelError | undefined {
    const full = this.full(objects.length);
    if (full) return full;
    this.enqueue({ rows: objects.length, raw: -1, objects, done });
    return undefined;
  }

  private full(rows: number): FlywheelError | undefined {
    const waiting = this.queuedRows;
    return waiting > 0 && waiting + rows > this.options.maxQueueRows ? queueFull(waiting) : undefined;
  }

  private enqueue(job: Job): void {
    this.pending.push(job);
    this.queuedRows += job.rows;
    this.observer?.depth(this.queuedRows);
    // A full batch scores now, unless scores are being delivered (their buffer is still read).
    if (this.queuedRows >= this.options.maxBatchSize && !this.answering) this.flush();
    else this.schedule();
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

  /** Score everything queued now in one kernel pass and deliver each request's scores in order. */
  flush(): void {
    const jobs = this.pending;
    const n = this.queuedRows;
    if (jobs.length === 0) return;
    this.pending = [];
    this.queuedRows = 0;
    this.observer?.depth(0);
    this.observer?.batch(n);
    let z: Float64Array;
    try {
      z = this.score(jobs, n);
    } catch (error) {
      for (const job of jobs) deliver(job, error, undefined);
      return;
    } finally {
      this.raw.rows = 0;
    }
    const { link, scorer } = this.model;
    const K = scorer.outputs;
    this.answering = true;
    try {
      let at = 0;
      for (const job of jobs) {
        let values: Float64Array;
        try {
          // A non-finite score fails its own request only.
          values = applyLink(link, z.subarray(at * K, (at + job.rows) * K), job.rows, K);
        } catch (error) {
          deliver(job, error, undefined);
          continue;
        } finally {
          at += job.rows;
        }
        deliver(job, null, values);
      }
    } finally {
      this.answering = false;
    }
    // Requests submitted while the scores were delivered.
    if (this.queuedRows >= this.options.maxBatchSize) this.flush();
  }

  /** Raw scores of the jobs' `n` rows (row-major n × outputs), in job order. */
  private score(jobs: readonly Job[], n: number): Float64Array {
    const { preprocessor, scorer } = this.model;
    const w = preprocessor.width;
    const direct = scorer.batchBuffer(n);
    let x: Float64Array;
    if (direct !== null && direct.length >= n * w) x = direct;
    else {
      if (this.x.length < n * w) this.x = new Float64Array(Math.max(n, 64) * w);
      x = this.x;
    }
    let at = 0;
    for (const job of jobs) {
      if (job.objects === null) {
        const W = this.raw.width;
        const raw = this.raw.values.subarray(job.raw * W, (job.raw + job.rows) * W);
        preprocessor.transformRaw(raw, job.rows, W, this.plan!, x.subarray(at * w));
      } else
        for (let r = 0; r < job.rows; r++)
          preprocessor.transformRow(job.objects[r]!, x.subarray((at + r) * w, (at + r + 1) * w));
      at += job.rows;
    }
    const K = scorer.outputs;
    if (this.z.length < n * K) this.z = new Float64Array(Math.max(n, 64) * K);
    scorer.scoreBatch(x, n, this.z);
    return this.z;
  }
}

/** Hand a job its scores; a callback that throws (a closed socket, a caller's bug) stops no other job's. */
function deliver(job: Job, error: unknown, values: Float64Array | undefined): void {
  try {
    job.done(error, values);
  } catch {
    // Nothing to answer to any more.
  }
}
