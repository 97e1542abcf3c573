/**
 * The production sink of the prediction log: append-only JSON-lines segments outside the metadata
 * database, in the folders of layout.ts (by endpoint and hour, feedback beside them), which DuckDB
 * reads directly with hive partitioning (docs/serving.md shows the queries). Lines are those of
 * schema.ts (`recordLine`); packed records are written as the same lines, part by part. With
 * `fsync`, each write is on disk (file and new folders) before it returns.
 */
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { jsonString } from '../core/index.js';
import { FEEDBACK_FOLDER, hourFolder, partitionFolder, segmentFileName } from './layout.js';
import { type LogRecord, type PackedPrediction, recordLine } from './schema.js';
import type { LogSink } from './writer.js';

/** Log lines made per event-loop turn when a flush writes (about 0.3 ms of work). */
const LINES_PER_TURN = 200;

/**
 * Bytes of lines gathered before each write. A sink fills chunks of this size and reuses them
 * flush after flush: one flush's lines joined into a single string (and then a Buffer) would be
 * fresh memory of the flush's size every time, page faults and zeroing included (profiled in
 * bench/serve-predict).
 */
const WRITE_BYTES = 256 * 1024;

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

/** A sink writing JSON-lines segments partitioned by model and hour under `dir`; `fsync`: durable writes. */
export function segmentSink(folderName: string, options: { fsync?: boolean } = {}): LogSink {
  const dir = resolve(folderName);
  // Files whose folder entries are known to be on disk (durable mode syncs each new one's folders).
  const synced = new Set<string>();
  // One file per sink, partition and hour: each flush appends to it (one flush at a time per log),
  // so a busy server keeps a handful of files an hour instead of one per flush.
  const name = segmentFileName(Date.now(), process.pid, sinks++);
  const iso = isoClock();
  const folders = new Map<string, string>();
  const partOf = (model: string) => {
    let part = folders.get(model);
    if (part === undefined) {
      part = partitionFolder(model);
      if (folders.size < 1000) folders.set(model, part);
    }
    return part;
  };
  const keyOf = (record: Logged) => {
    const part = record.kind === 'feedback' ? FEEDBACK_FOLDER : partOf(record.model);
    return `${part}/${hourFolder(iso(record.time))}`;
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
        const path = join(folder, name);
        const file = await open(path, 'a');
        try {
          const h = packed.get(key);
          if (h) for (let i = 0; i < h.chunks.length; i++) await writeAll(file, h.chunks[i]!, h.ends[i]!);
          await appendLines(file, groups.get(key) ?? [], buffer, iso, lines);
          if (options.fsync) await file.datasync();
        } finally {
          await file.close();
        }
        if (options.fsync && !synced.has(path)) {
          // A new file's name, and its new folders' names, are on disk only once their folders are synced.
          for (let d = folder; d.length >= dir.length; d = dirname(d)) await syncFolder(d);
          synced.add(path);
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
    const other = record.kind === 'packed' ? '' : recordLine(record, time);
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

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
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
