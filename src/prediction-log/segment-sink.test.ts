/**
 * The segment sink: one file per sink, partition and hour, every line whole, packed (fast-path)
 * records written as the very lines of their unpacked records, in the layout of layout.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LogRecord, type PackedPrediction, unpack } from './schema.js';
import { segmentSink } from './segment-sink.js';
import { PredictionLog } from './writer.js';

describe('segment sink', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('appends every flush of a sink to one file per partition and hour; two sinks never share one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'flywheel-log-'));
    const at = Date.UTC(2026, 0, 1, 10, 15);
    const record = (id: string): LogRecord => ({ kind: 'feedback', time: at, request_id: id, label: 1 });
    const a = segmentSink(dir);
    const b = segmentSink(dir);
    await a.write([record('a1')]);
    await a.write([record('a2'), record('a3')]);
    await b.write([record('b1')]);
    const folder = join(dir, 'feedback', 'hour=2026-01-01T10');
    const files = readdirSync(folder).sort();
    expect(files).toHaveLength(2);
    const ids = files.map((f) =>
      readFileSync(join(folder, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).request_id),
    );
    expect(ids.sort((x, y) => x.length - y.length)).toEqual([['b1'], ['a1', 'a2', 'a3']]);
  });

  it('writes every line whole and in order across many buffer fills, long lines and non-ASCII text', async () => {
    dir = mkdtempSync(join(tmpdir(), 'flywheel-log-'));
    const at = Date.UTC(2026, 0, 1, 10, 15);
    // 3,000 lines of ~1 KB (several 256 KiB fills), one line of ~1 MB (over a fill), and labels
    // in several scripts (UTF-8 of 2, 3 and 4 bytes per character).
    const records: LogRecord[] = Array.from({ length: 3000 }, (_, i) => ({
      kind: 'feedback',
      time: at,
      request_id: `r${i}`,
      label: i === 1234 ? 'x'.repeat(1 << 20) : `${'é€😀'.repeat(i % 50)}${'y'.repeat(900)}`,
    }));
    await segmentSink(dir).write(records);
    const folder = join(dir, 'feedback', 'hour=2026-01-01T10');
    const [file] = readdirSync(folder);
    const text = readFileSync(join(folder, file!), 'utf8');
    const expected = records.map((r) => JSON.stringify({ ...r, time: new Date(at).toISOString() }));
    expect(text).toBe(`${expected.join('\n')}\n`);
  });

  it('packs fast-path records into the sink as they come and writes every one, whole, beside the others', async () => {
    dir = mkdtempSync(join(tmpdir(), 'flywheel-log-'));
    let written = 0;
    const log = new PredictionLog(segmentSink(dir), {
      maxBuffer: 100_000,
      flushRows: 700, // flushes start while records keep coming
      flushMs: 60_000,
      onWrite: (n) => (written += n),
    });
    // 3,000 packed records over an hour boundary, two models and versions, one too large for a
    // chunk (it waits as a record); feedback in between.
    const at = Date.UTC(2026, 0, 1, 10, 59, 59, 0);
    const all: Array<LogRecord | PackedPrediction> = [];
    for (let i = 0; i < 3000; i++) {
      const pad = i === 1500 ? 300_000 : 500;
      const row = [{ x: i, c: 'é😀'.repeat(i % 40), pad: 'y'.repeat(pad) }];
      all.push({
        kind: 'packed',
        time: at + i,
        request_id: `p${i}`,
        model: Math.floor(i / 250) % 3 === 0 ? 'other' : 'churn',
        version: 1 + (i % 2),
        latency_ms: i / 7,
        rows: Buffer.from(JSON.stringify(row)),
        prediction: `[${i % 2}]`,
        probabilities: '[[0.25,0.75]]',
      });
      if (i % 10 === 0) all.push({ kind: 'feedback', time: at + i, request_id: `p${i}`, label: 1 });
    }
    // In slices, so records keep arriving while earlier flushes write.
    for (let i = 0; i < all.length; i++) {
      log.add(all[i]!);
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 1));
    }
    await log.close();
    expect(written).toBe(all.length);
    const iso = (ms: number) => new Date(ms).toISOString();
    const lineOf = (r: LogRecord | PackedPrediction) => JSON.stringify({ ...unpack(r), time: iso(r.time) });
    const folderOf = (r: LogRecord | PackedPrediction) =>
      join(r.kind === 'feedback' ? 'feedback' : `model=${r.model}`, `hour=${iso(r.time).slice(0, 13)}`);
    const folders = [...new Set(all.map(folderOf))];
    expect(folders).toHaveLength(6);
    for (const folder of folders) {
      const [file, ...others] = readdirSync(join(dir, folder));
      expect(others).toEqual([]);
      const lines = readFileSync(join(dir, folder, file!), 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      const expected = all.filter((r) => folderOf(r) === folder);
      expect([...lines].sort()).toEqual(expected.map(lineOf).sort());
      // Packed lines keep their order (the one too large for a chunk is written after its flush's).
      const packed = (r: LogRecord | PackedPrediction) => r.kind === 'packed' && r.request_id !== 'p1500';
      expect(lines.filter((l) => l.includes('"kind":"prediction"') && !l.includes('"p1500"'))).toEqual(
        expected.filter(packed).map(lineOf),
      );
    }
  });

  it('writes a packed record as the same segment line as its unpacked record', async () => {
    dir = mkdtempSync(join(tmpdir(), 'flywheel-packed-'));
    const packed: PackedPrediction = {
      kind: 'packed',
      time: Date.UTC(2026, 10, 26, 9, 30),
      request_id: 'r-1',
      model: 'churn',
      version: 3,
      latency_ms: 0.125,
      rows: Buffer.from('[{"x":1.5,"z":-2},{"z":1e-3,"x":0}]'),
      prediction: '[1,0]',
      probabilities: '[[0.25,0.75],[0.5,0.5]]',
    };
    // Then records that change what consecutive lines share (time, version), and texts that
    // need escaping or are not ASCII.
    const more: PackedPrediction[] = [
      { ...packed, time: packed.time + 1, version: 4, rows: Buffer.from('[{"x":2,"z":"é"}]') },
      { ...packed, time: packed.time + 1, version: 4, request_id: 'quote " and ü', latency_ms: 1e-7 },
      { ...packed, time: packed.time + 2, version: 3, prediction: '["ja","日本"]' },
    ];
    const sink = segmentSink(dir);
    await sink.write([packed as never, unpack(packed)]);
    await sink.write(more as never[]);
    const folder = join(dir, 'model=churn', 'hour=2026-11-26T09');
    const lines = readdirSync(folder).flatMap((f) =>
      readFileSync(join(folder, f), 'utf8').trim().split('\n'),
    );
    expect(lines).toHaveLength(5);
    // Same text, so DuckDB's read_json_auto reads both alike (1e-3 is written back as 0.001).
    expect(lines[0]!.replace('1e-3', '0.001')).toBe(lines[1]);
    expect(JSON.parse(lines[0]!)).toEqual(JSON.parse(lines[1]!));
    expect(lines.slice(2).map((l) => l.replace('1e-3', '0.001'))).toEqual(
      more.map((r) => JSON.stringify({ ...unpack(r), time: new Date(r.time).toISOString() })),
    );
  });
});
