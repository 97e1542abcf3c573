/**
 * Reading the prediction log's rows with their outputs, the feedback labels, and joining them:
 * real segment files in a temporary folder, laid out as layout.ts says and segmentSink writes them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/services.js';
import { attachLabels, readFeedback, readPredictionLog } from './reader.js';

let dir: { path: string; cleanup: () => void };
afterEach(() => dir.cleanup());

function write(folder: string, file: string, lines: unknown[]): void {
  const path = join(dir.path, folder);
  mkdirSync(path, { recursive: true });
  writeFileSync(
    join(path, file),
    `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`,
  );
}

const prediction = (id: string, time: string, rows: number) => ({
  kind: 'prediction',
  time,
  request_id: id,
  model: 'churn',
  version: 3,
  route: 'primary',
  latency_ms: 2,
  features: Array.from({ length: rows }, (_, i) => ({ x: i })),
  prediction: Array.from({ length: rows }, (_, i) => (i % 2 === 0 ? 'yes' : 'no')),
  probabilities: Array.from({ length: rows }, (_, i) => (i % 2 === 0 ? [0.2, 0.8] : [0.9, 0.1])),
});

const feedback = (id: string, time: string, label: unknown, extra: Record<string, unknown> = {}) => ({
  kind: 'feedback',
  time,
  request_id: id,
  label,
  ...extra,
});

describe('prediction log rows and feedback labels', () => {
  it('reads each row with its prediction, probabilities and index in the request', async () => {
    dir = tempDir();
    write('model=churn/hour=2026-01-01T10', 'part-1.jsonl', [
      prediction('a', '2026-01-01T10:00:01Z', 3),
      // An older log line (before probabilities were logged), one feature object.
      {
        kind: 'prediction',
        time: '2026-01-01T10:00:00Z',
        request_id: 'old',
        version: 2,
        route: 'primary',
        features: { x: 7 },
        prediction: 'no',
      },
    ]);
    const { records, skippedLines } = await readPredictionLog(dir.path, 'churn');
    expect(skippedLines).toBe(0);
    expect(records.map((r) => [r.requestId, r.row, r.prediction, r.probabilities])).toEqual([
      ['old', 0, 'no', null],
      ['a', 0, 'yes', [0.2, 0.8]],
      ['a', 1, 'no', [0.9, 0.1]],
      ['a', 2, 'yes', [0.2, 0.8]],
    ]);
  });

  it('reads feedback: last label wins, malformed lines counted, other models ignored, outcome alias', async () => {
    dir = tempDir();
    write('feedback/hour=2026-01-01T11', 'part-1.jsonl', [
      feedback('a', '2026-01-01T11:00:00Z', ['no', 'no', 'yes']),
      feedback('one', '2026-01-01T11:00:00Z', 'yes'),
      '{not json',
      { kind: 'feedback', time: '2026-01-01T11:00:00Z', label: 'yes' }, // no request id
      feedback('other', '2026-01-01T11:00:00Z', 'yes', { model: 'fraud' }),
      feedback('mine', '2026-01-01T11:00:00Z', 'no', { model: 'churn' }),
      { kind: 'feedback', time: '2026-01-01T11:00:00Z', request_id: 'alias', outcome: 'yes' },
    ]);
    // A later hour corrects request "one"; an earlier hour's label for "a" loses to the one above.
    write('feedback/hour=2026-01-01T12', 'part-1.jsonl', [feedback('one', '2026-01-01T12:00:00Z', 'no')]);
    write('feedback/hour=2026-01-01T09', 'part-9.jsonl', [feedback('a', '2026-01-01T09:00:00Z', 'stale')]);
    const { labels, skippedLines } = await readFeedback(dir.path, 'churn');
    expect(skippedLines).toBe(2);
    expect(Object.fromEntries(labels)).toEqual({
      a: ['no', 'no', 'yes'],
      one: 'no',
      mine: 'no',
      alias: 'yes',
    });
    // Without a model every feedback counts.
    expect((await readFeedback(dir.path)).labels.get('other')).toBe('yes');
    // No feedback folder at all: nothing, no error.
    expect((await readFeedback(join(dir.path, 'missing'))).labels.size).toBe(0);
  });

  it('attaches array labels by row and scalar labels to one-row requests only', async () => {
    dir = tempDir();
    write('model=churn/hour=2026-01-01T10', 'part-1.jsonl', [
      prediction('a', '2026-01-01T10:00:00Z', 3),
      prediction('one', '2026-01-01T10:00:01Z', 1),
      prediction('two', '2026-01-01T10:00:02Z', 2),
      prediction('none', '2026-01-01T10:00:03Z', 1),
    ]);
    write('feedback/hour=2026-01-01T11', 'part-1.jsonl', [
      feedback('a', '2026-01-01T11:00:00Z', ['no', 1, null]),
      feedback('one', '2026-01-01T11:00:00Z', 'yes'),
      feedback('two', '2026-01-01T11:00:00Z', 'yes'),
    ]);
    const { records } = await readPredictionLog(dir.path, 'churn');
    const { labels } = await readFeedback(dir.path, 'churn');
    const out = attachLabels(records, labels);
    expect(out).toBe(records);
    expect(records.map((r) => [r.requestId, r.row, r.label])).toEqual([
      ['a', 0, 'no'],
      ['a', 1, 1],
      ['a', 2, undefined],
      ['one', 0, 'yes'],
      // A scalar label cannot say which row of a two-row request it means.
      ['two', 0, undefined],
      ['two', 1, undefined],
      ['none', 0, undefined],
    ]);
  });
});
