/** The buffered log: bounded, never throwing into the request path, counting what it drops. */
import { describe, expect, it } from 'vitest';
import type { LogRecord } from './schema.js';
import { PredictionLog } from './writer.js';

describe('prediction log buffer', () => {
  it('drops and counts records when the store is down, and never throws into the caller', async () => {
    let dropped = 0;
    const log = new PredictionLog(
      { write: () => Promise.reject(new Error('store down')) },
      { maxBuffer: 3, flushRows: 1000, flushMs: 10_000, onDrop: (n) => (dropped += n) },
    );
    const rec: LogRecord = { kind: 'feedback', time: 0, request_id: 'r', label: 1 };
    for (let k = 0; k < 5; k++) log.add(rec);
    expect(dropped).toBe(2); // buffer of 3: the 4th and 5th are dropped
    await log.close();
    expect(dropped).toBe(5); // the 3 buffered ones fail to write
  });
});
