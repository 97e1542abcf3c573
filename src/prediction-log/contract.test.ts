/**
 * The contract between the writer and the reader, through files on disk: what serving logs with
 * PredictionLog over the segment sink is what monitoring reads back, row for row, in the layout
 * of layout.ts — for general and packed (fast-path) records, multi-row requests, several
 * endpoints (one whose name is not a plain folder name), an hour boundary, shadow records and
 * feedback labels.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/services.js';
import { FEEDBACK_FOLDER, hourFolder, partitionFolder } from './layout.js';
import { attachLabels, readFeedback, readPredictionLog } from './reader.js';
import type { LogRecord, PackedPrediction } from './schema.js';
import { segmentSink } from './segment-sink.js';
import { PredictionLog } from './writer.js';

let dir: { path: string; cleanup: () => void };
afterEach(() => dir.cleanup());

/** Every file under `root`, as paths relative to it with `/` separators. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

const T0 = Date.UTC(2026, 11, 7, 9, 59, 59, 500);

describe('prediction log: writer → files → reader', () => {
  it('reads back every primary row with its prediction, probabilities, version and label, in time order', async () => {
    dir = tempDir();
    const log = new PredictionLog(segmentSink(dir.path), { maxBuffer: 1000, flushRows: 3, flushMs: 60_000 });
    const general: LogRecord = {
      kind: 'prediction',
      time: T0,
      request_id: 'g-1',
      model: 'churn',
      version: 3,
      route: 'primary',
      latency_ms: 1.5,
      features: [
        { tenure: 3, plan: 'monthly' },
        { tenure: 40, plan: 'yearly' },
      ],
      prediction: ['yes', 'no'],
      probabilities: [
        [0.2, 0.8],
        [0.9, 0.1],
      ],
      imputed: { plan: 0 },
    };
    // The fast path's record of a one-row request, after the hour boundary.
    const packed: PackedPrediction = {
      kind: 'packed',
      time: T0 + 1000,
      request_id: 'p-1',
      model: 'churn',
      version: 4,
      latency_ms: 0.25,
      rows: Buffer.from('[{"tenure":12,"plan":"é"}]'),
      prediction: '["yes"]',
      probabilities: '[[0.3,0.7]]',
    };
    const shadow: LogRecord = { ...general, request_id: 's-1', route: 'shadow', version: 5 };
    // An endpoint name that is not a plain folder name, read back under its own (hex) folder.
    const odd: LogRecord = { ...general, request_id: 'o-1', model: 'churn v2/β' };
    const labels: LogRecord[] = [
      { kind: 'feedback', time: T0 + 2000, request_id: 'g-1', label: ['no', 'no'] },
      { kind: 'feedback', time: T0 + 3000, request_id: 'p-1', label: 'yes', model: 'churn' },
    ];
    for (const r of [general, packed, shadow, odd, ...labels]) log.add(r);
    await log.close();

    const iso = (ms: number) => new Date(ms).toISOString();
    const before = hourFolder(iso(T0));
    const after = hourFolder(iso(T0 + 1000));
    expect([before, after]).toEqual(['hour=2026-12-07T09', 'hour=2026-12-07T10']);
    const files = filesUnder(dir.path);
    expect(files.map((f) => f.split('/').slice(0, -1).join('/'))).toEqual(
      [
        `${FEEDBACK_FOLDER}/${after}`,
        `${partitionFolder('churn v2/β')}/${before}`,
        `model=churn/${before}`,
        `model=churn/${after}`,
      ].sort(),
    );
    // One segment per partition and hour, named by its writer (part-START-PID-SEQ.jsonl).
    expect(files.every((f) => /\/part-\d+-\d+-\d+\.jsonl$/.test(f))).toBe(true);
    expect(partitionFolder('churn v2/β')).toBe(`model=~${Buffer.from('churn v2/β').toString('hex')}`);

    const { records, skippedLines } = await readPredictionLog(dir.path, 'churn');
    expect(skippedLines).toBe(0);
    const feedback = await readFeedback(dir.path, 'churn');
    attachLabels(records, feedback.labels);
    expect(
      records.map((r) => [
        r.time,
        r.requestId,
        r.version,
        r.row,
        r.features,
        r.prediction,
        r.probabilities,
        r.label,
      ]),
    ).toEqual([
      [T0, 'g-1', 3, 0, { tenure: 3, plan: 'monthly' }, 'yes', [0.2, 0.8], 'no'],
      [T0, 'g-1', 3, 1, { tenure: 40, plan: 'yearly' }, 'no', [0.9, 0.1], 'no'],
      [T0 + 1000, 'p-1', 4, 0, { tenure: 12, plan: 'é' }, 'yes', [0.3, 0.7], 'yes'],
    ]);
    const other = await readPredictionLog(dir.path, 'churn v2/β');
    expect(other.records.map((r) => [r.requestId, r.row])).toEqual([
      ['o-1', 0],
      ['o-1', 1],
    ]);
    expect((await readPredictionLog(dir.path, 'nobody')).records).toEqual([]);
  });
});
