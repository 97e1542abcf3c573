import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { createProgress, formatBar, formatBytes } from './progress.js';

function sink() {
  const chunks: string[] = [];
  return {
    chunks,
    stream: { write: (s: string) => chunks.push(s), isTTY: false } as unknown as NodeJS.WriteStream,
  };
}

describe('progress', () => {
  it('emits JSON events in json mode, ending with done', () => {
    const { chunks, stream } = sink();
    let t = 0;
    const p = createProgress({
      label: 'put',
      total: 100,
      mode: 'json',
      stream,
      intervalMs: 10,
      now: () => t,
    });
    t = 20;
    p.tick(40);
    t = 25;
    p.tick(10); // within the interval: no event
    t = 1020;
    p.done();
    const events = chunks.map((c) => JSON.parse(c));
    expect(events.map((e) => e.event)).toEqual(['progress', 'done']);
    expect(events[1]).toMatchObject({ task: 'put', done: 50, total: 100 });
  });

  it('prints nothing when silent', () => {
    const { chunks, stream } = sink();
    const p = createProgress({ label: 'x', mode: 'silent', stream });
    p.tick(5);
    p.done();
    expect(chunks).toEqual([]);
  });

  it('draws a bar with percentage, rate and ETA', () => {
    expect(formatBar('add', 50, 100, 10, 'rows')).toBe(
      'add [############------------]  50% 50/100 10 rows/s ETA 5s',
    );
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });
});

describe('logger', () => {
  it('writes one JSON object per line above the level, with child fields', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l), now: () => new Date(0) });
    log.debug('hidden');
    log.child({ run: 'r1' }).info('trained', { auc: 0.9 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      msg: 'trained',
      run: 'r1',
      auc: 0.9,
    });
  });
});
