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
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonString } from './outputs.js';

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
 * A prediction from the fast path, kept as the JSON it was sent and answered with: `rows` is the
 * request's rows array as the client wrote it, as UTF-8 bytes (the request body's own memory, or
 * a copy with line breaks turned into spaces), `prediction` and `probabilities` the answer's texts.
 * Nothing is parsed or formatted for the log on the request path, and the record holds little on
 * the JS heap while it waits for a flush (the rows, the bulk of a line, live outside it, so they
 * are never copied by the garbage collector); the segment sink copies the bytes into its lines
 * as they are, and other sinks get the record parsed (`unpack`), equal to what the general path
 * logs for the same request.
 */
export interface PackedPrediction {
  kind: 'packed';
  time: number;
  request_id: string;
  model: string;
  version: number;
  latency_ms: number;
  rows: Uint8Array;
  prediction: string;
  probabilities: string;
}

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
  /** Called with the count of records dropped and written (metrics). */
  onDrop?(n: number): void;
  onWrite?(n: number): void;
}

/** The default buffer: 50,000 records, flushed every 1,000 records or 500 ms. */
export const DEFAULT_LOG: PredictionLogOptions = { maxBuffer: 50_000, flushRows: 1_000, flushMs: 500 };

/** The bounded, asynchronous prediction log. */
export class PredictionLog {
  private buffer: Array<LogRecord | PackedPrediction> = [];
  /** Records the sink took with `pack` since the last flush began. */
  private packed = 0;
  private readonly packs: boolean;
  private flushing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
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
      return;
    }
    if (record.kind === 'packed' && this.packs && this.sink.pack!(record)) this.packed++;
    else this.buffer.push(record);
    if (held + 1 >= this.options.flushRows && !this.flushing) void this.flush();
  }

  private drop(n: number): void {
    this.dropped += n;
    this.options.onDrop?.(n);
  }

  /** Write what is buffered (one write at a time). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0 && this.packed === 0) return Promise.resolve();
    const batch = this.buffer;
    const n = batch.length + this.packed;
    this.buffer = [];
    this.packed = 0;
    const written = this.sink.writePacked ? this.sink.writePacked(batch) : this.sink.write(batch.map(unpack));
    this.flushing = written
      .then(
        () => this.options.onWrite?.(n),
        () => this.drop(n),
      )
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  /** Flush everything and stop the timer (graceful shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    while (this.buffer.length > 0 || this.packed > 0 || this.flushing) await this.flush();
  }
}

/** A packed record as the PredictionRecord the general path logs for the same request. */
export function unpack(r: LogRecord | PackedPrediction): LogRecord {
  if (r.kind !== 'packed') return r;
  return {
    kind: 'prediction',
    time: r.time,
    request_id: r.request_id,
    model: r.model,
    version: r.version,
    route: 'primary',
    latency_ms: r.latency_ms,
    features: JSON.parse(Buffer.from(r.rows.buffer, r.rows.byteOffset, r.rows.byteLength).toString('utf8')),
    prediction: JSON.parse(r.prediction),
    probabilities: JSON.parse(r.probabilities),
  };
}

/** Log lines made per event-loop turn when a flush writes (about 0.3 ms of work). */
const LINES_PER_TURN = 200;

/**
 * Bytes of lines gathered before each write. A sink fills chunks of this size and reuses them
 * flush after flush: one flush's lines joined into a single string (and then a Buffer) would be
 * fresh memory of the flush's size every time, page faults and zeroing included (profiled in
 * bench/serve-predict).
 */
const WRITE_BYTES = 256 * 1024;

const hourOf = (iso: string) => iso.slice(0, 13);
const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

/** Segment sinks made in this process (part of their file names, so two never share a file). */
let sinks = 0;

type Logged = LogRecord | PackedPrediction;

const HOUR_MS = 3_600_000;
/** Written chunks kept for reuse by a sink (the rest go to the garbage collector). */
const POOL_CHUNKS = 16;

/** Packed lines a sink holds for one partition until its next write: chunks, each filled to its end. */
interface Held {
  chunks: Buffer[];
  ends: number[];
}

/** A sink writing JSON-lines segments partitioned by model and hour under `dir`. */
export function segmentSink(dir: string): LogSink {
  // One file per sink, partition and hour: each flush appends to it (one flush at a time per log),
  // so a busy server keeps a handful of files an hour instead of one per flush.
  const name = `part-${Date.now()}-${process.pid}-${sinks++}.jsonl`;
  const iso = isoClock();
  const folders = new Map<string, string>();
  const partOf = (model: string) => {
    let part = folders.get(model);
    if (part === undefined) {
      part = `model=${safeName(model)}`;
      if (folders.size < 1000) folders.set(model, part);
    }
    return part;
  };
  const keyOf = (record: Logged) => {
    const part = record.kind === 'feedback' ? 'feedback' : partOf(record.model);
    return `${part}/hour=${hourOf(iso(record.time))}`;
  };
  // Packed lines by partition, in chunks of WRITE_BYTES that are reused once written.
  const pool: Buffer[] = [];
  const chunk = () => pool.pop() ?? Buffer.allocUnsafeSlow(WRITE_BYTES);
  const lines = new PackedLines();
  let held = new Map<string, Held>();
  // The partition the last packed record went to (most records go where the one before went).
  let last: Held | null = null;
  let lastModel = '';
  let lastHour = 0;
  const pack = (record: PackedPrediction): boolean => {
    const most = lines.most(record);
    if (most > WRITE_BYTES) return false;
    const hour = record.time - (record.time % HOUR_MS);
    if (last === null || record.model !== lastModel || hour !== lastHour) {
      const key = keyOf(record);
      last = held.get(key) ?? { chunks: [chunk()], ends: [0] };
      held.set(key, last);
      lastModel = record.model;
      lastHour = hour;
    }
    let k = last.chunks.length - 1;
    if (last.ends[k]! + most > WRITE_BYTES) {
      last.chunks.push(chunk());
      last.ends.push(0);
      k++;
    }
    last.ends[k] = lines.write(last.chunks[k]!, last.ends[k]!, record, iso(record.time));
    return true;
  };
  const writePacked = async (records: readonly Logged[]) => {
    // The lines packed so far are this write's; those packed from now on, the next one's.
    const packed = held;
    held = new Map();
    last = null;
    // Records grouped by partition (model or feedback, and hour); the folder is made once per group.
    const groups = new Map<string, Logged[]>();
    for (const record of records) {
      const key = keyOf(record);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [record]);
      else group.push(record);
    }
    // Other records are gathered in a chunk of the same pool between writes.
    const buffer = chunk();
    try {
      for (const key of new Set([...packed.keys(), ...groups.keys()])) {
        const folder = join(dir, key);
        await mkdir(folder, { recursive: true });
        const file = await open(join(folder, name), 'a');
        try {
          const h = packed.get(key);
          if (h) for (let i = 0; i < h.chunks.length; i++) await writeAll(file, h.chunks[i]!, h.ends[i]!);
          await appendLines(file, groups.get(key) ?? [], buffer, iso, lines);
        } finally {
          await file.close();
        }
      }
    } finally {
      for (const c of [buffer, ...[...packed.values()].flatMap((h) => h.chunks)])
        if (pool.length < POOL_CHUNKS) pool.push(c);
    }
  };
  return { write: writePacked, writePacked, pack };
}

/** Append the records' lines to `file`, gathered in `buffer` between writes (whole lines only). */
async function appendLines(
  file: FileHandle,
  records: readonly Logged[],
  buffer: Buffer,
  iso: (ms: number) => string,
  lines: PackedLines,
): Promise<void> {
  let used = 0;
  for (let i = 0; i < records.length; i++) {
    // A flush never holds the event loop for long: requests are served between slices.
    if (i > 0 && i % LINES_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    const record = records[i]!;
    const time = iso(record.time);
    const other = record.kind === 'packed' ? '' : JSON.stringify({ ...record, time });
    // UTF-8 needs at most 3 bytes per UTF-16 unit; the line and its newline go in whole.
    const most = record.kind === 'packed' ? lines.most(record) : other.length * 3 + 1;
    if (used + most > buffer.length && used > 0) {
      await writeAll(file, buffer, used);
      used = 0;
    }
    if (most > buffer.length) {
      // Longer than the buffer: a buffer of its own.
      const own = Buffer.allocUnsafe(most);
      const length = record.kind === 'packed' ? lines.write(own, 0, record, time) : own.write(`${other}\n`);
      await writeAll(file, own, length);
      continue;
    }
    if (record.kind === 'packed') used = lines.write(buffer, used, record, time);
    else {
      used += buffer.write(other, used);
      buffer[used++] = 0x0a;
    }
  }
  if (used > 0) await writeAll(file, buffer, used);
}

async function writeAll(file: FileHandle, bytes: Buffer, length = bytes.length): Promise<void> {
  for (let at = 0; at < length; ) at += (await file.write(bytes, at, length - at)).bytesWritten;
}

const FEATURES = ',"features":';
const PREDICTION = ',"prediction":';
const PROBABILITIES = ',"probabilities":';

/**
 * Packed records as the lines JSON.stringify writes for them unpacked (same keys, same order),
 * written part by part into a buffer: the parts shared by consecutive lines (the start with the
 * time, the model and version) are made once, the rows are copied as bytes.
 */
class PackedLines {
  private time = '';
  private start = '';
  private model = '';
  private version = Number.NaN;
  private middle = '';

  /** The most bytes `write` takes for the record. */
  most(r: PackedPrediction): number {
    const texts = r.request_id.length + r.model.length + r.prediction.length + r.probabilities.length;
    return 200 + 6 * texts + r.rows.length;
  }

  /** Write the record's line and its newline at `at`; returns where it ends. */
  write(buffer: Buffer, at: number, r: PackedPrediction, time: string): number {
    if (time !== this.time) {
      this.time = time;
      this.start = `{"kind":"prediction","time":"${time}","request_id":`;
    }
    if (r.model !== this.model || r.version !== this.version) {
      this.model = r.model;
      this.version = r.version;
      this.middle = `,"model":${jsonString(r.model)},"version":${r.version},"route":"primary","latency_ms":`;
    }
    let i = at + buffer.write(this.start, at, 'latin1');
    i += buffer.write(jsonString(r.request_id), i);
    i += buffer.write(this.middle, i);
    i += buffer.write(String(r.latency_ms), i, 'latin1');
    i += buffer.write(FEATURES, i, 'latin1');
    buffer.set(r.rows, i);
    i += r.rows.length;
    i += buffer.write(PREDICTION, i, 'latin1');
    i += buffer.write(r.prediction, i);
    i += buffer.write(PROBABILITIES, i, 'latin1');
    i += buffer.write(r.probabilities, i);
    buffer[i++] = 0x7d; // }
    buffer[i++] = 0x0a;
    return i;
  }
}

/** ISO time of a millisecond timestamp, remembering the last one (records of a flush share most). */
function isoClock(): (ms: number) => string {
  let last = Number.NaN;
  let text = '';
  return (ms) => {
    if (ms !== last) {
      last = ms;
      text = new Date(ms).toISOString();
    }
    return text;
  };
}
