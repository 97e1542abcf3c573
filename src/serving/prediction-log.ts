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

/**
 * How a packed prediction's numbers become a PredictionRecord's `features`, `prediction` and
 * `probabilities` (one per served version: its feature names and output formatting).
 */
export interface PackedLayout {
  features: readonly string[];
  /** Values per row after the features (the model's output width). */
  outputs: number;
  format(outputs: Float64Array, rows: number): Pick<PredictionRecord, 'prediction' | 'probabilities'>;
}

/**
 * A prediction from the fast path, kept as numbers until the log is flushed: `rows` rows of
 * features then outputs at `values[offset…]` (a block the log hands out with `reserve`). Nothing
 * per row is allocated on the request path, and nothing the garbage collector must trace is kept
 * while the record waits.
 */
export interface PackedPrediction {
  kind: 'packed';
  time: number;
  request_id: string;
  model: string;
  version: number;
  latency_ms: number;
  values: Float64Array;
  offset: number;
  rows: number;
  layout: PackedLayout;
}

const BLOCK_VALUES = 1 << 16;

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
  private buffer: Array<LogRecord | PackedPrediction> = [];
  private used = 0;
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

  /** The block `reserve` hands out (read it after `reserve`: a full block is replaced). */
  block = new Float64Array(BLOCK_VALUES);

  /**
   * Room for `n` values of a packed record in `block`: the offset to write them at, or -1 when the
   * buffer is full (the record is dropped and counted).
   */
  reserve(n: number): number {
    if (this.buffer.length >= this.options.maxBuffer) {
      this.drop(1);
      return -1;
    }
    if (this.used + n > this.block.length) {
      this.block = new Float64Array(Math.max(BLOCK_VALUES, n));
      this.used = 0;
    }
    const offset = this.used;
    this.used += n;
    return offset;
  }

  /** Add a record; never throws, never waits. */
  add(record: LogRecord | PackedPrediction): void {
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
    const batch = this.buffer.map(unpack);
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

function unpack(r: LogRecord | PackedPrediction): LogRecord {
  if (r.kind !== 'packed') return r;
  const { features, outputs } = r.layout;
  const F = features.length;
  const stride = F + outputs;
  const rows = [];
  const out = new Float64Array(r.rows * outputs);
  for (let i = 0; i < r.rows; i++) {
    const row: Record<string, number> = {};
    const o = r.offset + i * stride;
    for (let f = 0; f < F; f++) row[features[f]!] = r.values[o + f]!;
    rows.push(row);
    out.set(r.values.subarray(o + F, o + stride), i * outputs);
  }
  return {
    kind: 'prediction',
    time: r.time,
    request_id: r.request_id,
    model: r.model,
    version: r.version,
    route: 'primary',
    latency_ms: r.latency_ms,
    features: rows,
    ...r.layout.format(out, r.rows),
  };
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
