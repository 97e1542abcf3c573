/**
 * The prediction log: every answered request (features, prediction, version, route, latency,
 * request id) and every feedback label, written asynchronously in batches to the monitoring store.
 * By default logging never blocks or fails a request: records go into a bounded buffer that a
 * timer drains every `flushMs`; when the buffer is full or the store fails, records are dropped and
 * counted, and a process killed outright loses what was buffered (up to `flushMs` of answers). In
 * durable mode the server answers a request only once `sync()` says its record is written and
 * fsynced (records of the same moment share one write and one fsync), and a record that could not
 * be written fails its request instead. The production sink is segment-sink.ts; the records are
 * those of schema.ts.
 */
import { FlywheelError } from '../core/index.js';
import { type LogRecord, type PackedPrediction, unpack } from './schema.js';

/** Where records go (a folder of segments in production; memory or a failing stub in tests). */
export interface LogSink {
  write(records: readonly LogRecord[]): Promise<void>;
  /** Takes packed records as they are, when the sink can (else `write` gets them unpacked). */
  writePacked?(records: readonly (LogRecord | PackedPrediction)[]): Promise<void>;
  /**
   * Takes a packed record at once, when the sink can (with `writePacked`): its line goes into the
   * sink's own memory, outside the JS heap, and out with the next `writePacked`. Records waiting
   * for a flush as objects would outlive many young-generation collections and be copied by each
   * (about 2 µs a request under load, bench/serve-predict). False: the record waits as usual.
   */
  pack?(record: PackedPrediction): boolean;
}

/** Buffer and flush settings. */
export interface PredictionLogOptions {
  maxBuffer: number;
  flushRows: number;
  flushMs: number;
  /** Answers wait for their record on disk (`sync`); the sink must fsync its writes. */
  durable?: boolean;
  /** Called with the count of records dropped and written (metrics). */
  onDrop?(n: number): void;
  onWrite?(n: number): void;
}

/** The default buffer: 50,000 records, flushed every 1,000 records or 500 ms. */
export const DEFAULT_LOG: PredictionLogOptions = { maxBuffer: 50_000, flushRows: 1_000, flushMs: 500 };

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

function settle(waiters: readonly Waiter[], lost: boolean): void {
  if (waiters.length === 0) return;
  if (!lost) {
    for (const w of waiters) w.resolve();
    return;
  }
  const error = new FlywheelError(
    'BACKEND_UNAVAILABLE',
    'the prediction could not be written to the prediction log',
    {
      hint: 'The log is durable (serve.yaml log.durable), so the prediction is not answered: check the log folder (disk full? permissions?) and retry.',
    },
  );
  for (const w of waiters) w.reject(error);
}

/** The bounded, asynchronous prediction log. */
export class PredictionLog {
  private buffer: Array<LogRecord | PackedPrediction> = [];
  /** Records the sink took with `pack` since the last flush began. */
  private packed = 0;
  private readonly packs: boolean;
  private flushing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  /** `sync` calls waiting for the next flush, and whether a record was dropped since the last one. */
  private waiters: Waiter[] = [];
  private lost = false;
  /** Records dropped since start. */
  dropped = 0;

  constructor(
    private readonly sink: LogSink,
    private readonly options: PredictionLogOptions = DEFAULT_LOG,
  ) {
    this.packs = sink.pack !== undefined && sink.writePacked !== undefined;
    this.timer = setInterval(() => void this.flush(), options.flushMs);
    this.timer.unref();
  }

  /** Add a record; never throws, never waits. */
  add(record: LogRecord | PackedPrediction): void {
    const held = this.buffer.length + this.packed;
    if (held >= this.options.maxBuffer) {
      this.drop(1);
      this.lost = true;
      return;
    }
    if (record.kind === 'packed' && this.packs && this.sink.pack!(record)) this.packed++;
    else this.buffer.push(record);
    if (held + 1 >= this.options.flushRows && !this.flushing) void this.flush();
  }

  /** Whether answers wait for their records to be on disk. */
  get durable(): boolean {
    return this.options.durable === true;
  }

  /**
   * Resolves once every record added so far is written (and, with a durable sink, fsynced); rejects
   * when one of them was dropped. Calls made on one event-loop turn share one flush.
   */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (this.waiters.length === 1 && !this.flushing) setImmediate(() => void this.flush());
    });
  }

  private drop(n: number): void {
    this.dropped += n;
    this.options.onDrop?.(n);
  }

  /** Write what is buffered (one write at a time), then settle the `sync` calls it covers. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const waiters = this.waiters;
    const lost = this.lost;
    this.waiters = [];
    this.lost = false;
    if (this.buffer.length === 0 && this.packed === 0) {
      settle(waiters, lost);
      return Promise.resolve();
    }
    const batch = this.buffer;
    const n = batch.length + this.packed;
    this.buffer = [];
    this.packed = 0;
    const written = this.sink.writePacked ? this.sink.writePacked(batch) : this.sink.write(batch.map(unpack));
    this.flushing = written
      .then(
        () => {
          this.options.onWrite?.(n);
          settle(waiters, lost);
        },
        () => {
          this.drop(n);
          settle(waiters, true);
          // A `sync` call made while this write ran may be for one of its records.
          this.lost = true;
        },
      )
      .finally(() => {
        this.flushing = null;
        // `sync` calls made while this write ran wait for the next one.
        if (this.waiters.length > 0) void this.flush();
      });
    return this.flushing;
  }

  /** Flush everything and stop the timer (graceful shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    while (this.buffer.length > 0 || this.packed > 0 || this.flushing) await this.flush();
  }
}
