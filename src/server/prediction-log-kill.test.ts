// `kill -9` of a serving process: with serve.yaml `log.durable`, every answered prediction is in the
// log, since the answer waits for its record's write and fsync; without it, what was answered in the
// last flush interval is lost (the loss window docs/serving.md states).
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/services.js';
import { spawnServer } from './serve-child.fixture.js';

const BODY = readFileSync(join(import.meta.dirname, 'fixtures', 'http', 'bc-row.body'));

/** Send `n` predictions over `lanes` keep-alive connections; the request ids answered 200. */
async function answered(port: number, n: number, lanes = 8): Promise<string[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: lanes });
  const ids: string[] = [];
  let next = 0;
  const one = (id: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/models/bc/predict',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'x-request-id': id, 'content-length': BODY.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) ids.push(id);
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(BODY);
    });
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < n) await one(`kill-${next++}`);
    }),
  );
  agent.destroy();
  return ids;
}

/** Request ids of the predictions in the log folder. */
function logged(dir: string): Set<string> {
  const ids = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else
        for (const line of readFileSync(join(d, e.name), 'utf8').split('\n'))
          if (line !== '') ids.add((JSON.parse(line) as { request_id: string }).request_id);
    }
  };
  walk(join(dir, 'predictions'));
  return ids;
}

describe('the prediction log and kill -9', () => {
  it('keeps every answered prediction in durable mode', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const server = await spawnServer({ dir: dir.path, durable: true });
    try {
      const ids = await answered(server.port, 300);
      await server.kill('SIGKILL');
      expect(ids).toHaveLength(300);
      const kept = logged(dir.path);
      expect(ids.filter((id) => !kept.has(id))).toEqual([]);
    } finally {
      await server.kill('SIGKILL');
      dir.cleanup();
    }
  });

  it('loses what was answered within the flush interval without it', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const server = await spawnServer({ dir: dir.path, durable: false, flushMs: 60_000 });
    try {
      const ids = await answered(server.port, 300);
      await server.kill('SIGKILL');
      expect(ids).toHaveLength(300);
      // Fewer than the 1,000 records a flush waits for, and the interval a minute: all were held in memory.
      const kept = (() => {
        try {
          return logged(dir.path);
        } catch {
          return new Set<string>();
        }
      })();
      expect(ids.filter((id) => kept.has(id))).toEqual([]);
    } finally {
      await server.kill('SIGKILL');
      dir.cleanup();
    }
  });
});
