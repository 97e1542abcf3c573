/**
 * The prediction log: every answered request (features, prediction, version, route, latency,
 * request id) and every feedback label, written asynchronously in batches to the monitoring store.
 * Logging never blocks or fails a request: records go into a bounded buffer that a timer drains;
 * when the buffer is full or the store fails, records are dropped and counted.
 *
 * The store is append-only segment files outside the metadata database, partitioned by model and
 * hour: `DIR/model=NAME/hour=YYYY-MM-DDTHH/part-TIME-SEQ.jsonl` (and `DIR/feedback/hour=…`), which
 * DuckDB reads directly with hive partitioning (docs/serving.md shows the queries).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** One logged prediction. */
export interface PredictionRecord {
  kind: 'prediction';
  /** Milliseconds since the epoch (written as an ISO timestamp). */
  time: number;
  request_id: string;
  model: string;
  version: number;
  route: 'primary' | 'shadow';
  latency_ms: number;
  features: unknown;
  prediction: unknown;
  /** Per row, the class probabilities in the model's class order; null for regression. */
  probabilities: number[][] | null;
}

/** A true label or outcome for an earlier request. */
export interface FeedbackRecord {
  kind: 'feedback';
  /** Milliseconds since the epoch (written as an ISO timestamp). */
  time: number;
  request_id: string;
  label: unknown;
  model?: string;
}

/** A record of the log. */
export type LogRecord = PredictionRecord | FeedbackRecord;

/** Where records go (a folder of segments in production; memory or a failing stub in tests). */
export interface LogSink {
  write(records: readonly LogRecord[]): Promise<void>;
}

/** Buffer and flush settings. */
export interface PredictionLogOptions {
  maxBuffer: number;
  flushRows: number;
  flushMs: number;
  /** Called with the count of records dropped and written (metrics). */
  onDrop?(n: number): void;
  onWrite?(n: number): void;
}

/** The default buffer: 50,000 records, flushed every 1,000 records or 500 ms. */
export const DEFAULT_LOG: PredictionLogOptions = { maxBuffer: 50_000, flushRows: 1_000, flushMs: 500 };

/** The bounded, asynchronous prediction log. */
export class PredictionLog {
  private buffer: LogRecord[] = [];
  private flushing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  /** Records dropped since start. */
  dropped = 0;

  constructor(
    private readonly sink: LogSink,
    private readonly options: PredictionLogOptions = DEFAULT_LOG,
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushMs);
    this.timer.unref();
  }

  /** Add a record; never throws, never waits. */
  add(record: LogRecord): void {
    if (this.buffer.length >= this.options.maxBuffer) {
      this.drop(1);
      return;
    }
    this.buffer.push(record);
    if (this.buffer.length >= this.options.flushRows && !this.flushing) void this.flush();
  }

  private drop(n: number): void {
    this.dropped += n;
    this.options.onDrop?.(n);
  }

  /** Write what is buffered (one write at a time). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0) return Promise.resolve();
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.sink
      .write(batch)
      .then(
        () => this.options.onWrite?.(batch.length),
        () => this.drop(batch.length),
      )
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  /** Flush everything and stop the timer (graceful shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    while (this.buffer.length > 0 || this.flushing) await this.flush();
  }
}

const hourOf = (iso: string) => iso.slice(0, 13);
const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

/** A sink writing JSON-lines segments partitioned by model and hour under `dir`. */
export function segmentSink(dir: string): LogSink {
  let seq = 0;
  const start = Date.now();
  return {
    async write(records) {
      const groups = new Map<string, string[]>();
      for (const record of records) {
        const r = { ...record, time: new Date(record.time).toISOString() };
        const part = r.kind === 'prediction' ? `model=${safeName(r.model)}` : 'feedback';
        const folder = join(dir, part, `hour=${hourOf(r.time)}`);
        const lines = groups.get(folder) ?? [];
        if (lines.length === 0) groups.set(folder, lines);
        lines.push(JSON.stringify(r));
      }
      for (const [folder, lines] of groups) {
        await mkdir(folder, { recursive: true });
        // One segment per process and flush; appendFile creates it.
        await appendFile(
          join(folder, `part-${start}-${process.pid}-${seq++}.jsonl`),
          `${lines.join('\n')}\n`,
        );
      }
    },
  };
}
