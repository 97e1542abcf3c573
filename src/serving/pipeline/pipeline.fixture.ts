/**
 * Helpers for the predict pipeline's tests: a serving service over in-memory models, sending bodies
 * through it as bytes (the fast decoder first) or parsed (the reference decoder), and the
 * differential check on randomly mutated bodies at a size the caller picks (pipeline.test.ts runs
 * the first 4,000 in the edit loop, pipeline.heavy.test.ts all 20,000 with the integration tests).
 */
import { expect } from 'vitest';
import type { FlywheelError } from '../../core/index.js';
import type { Model } from '../../models/index.js';
import { createRngForTest } from '../../models/test-rng.fixture.js';
import type { LogRecord } from '../../prediction-log/index.js';
import { binaryModel, MemorySource } from '../memory-source.fixture.js';
import { predictRows } from '../protocols.js';
import { ServingService } from '../service.js';
import { decodeBytes } from './decode.js';
import { mutateText } from './mutate.fixture.js';

/** A serving service with model `model` as m versions 1 and 2 (m@production is 1), logging to `records`. */
export async function served(
  model: Model,
  options: { confidence?: { below: number; action: 'human' }; batch?: { maxQueueRows: number } } = {},
) {
  const records: LogRecord[] = [];
  const source = new MemorySource({ m: { 1: () => model, 2: () => model } });
  source.aliases.set('m@production', 1);
  const s = new ServingService(source, {
    sink: { write: async (r) => void records.push(...r) },
    pollMs: 0,
    batch: options.batch,
  });
  await s.start([{ ref: 'm@production', confidence: options.confidence }]);
  return { s, records, source };
}

export interface Reply {
  error: unknown;
  json: string | undefined;
}

/**
 * Send bodies through the pipeline in one turn, as bytes (the fast decoder tries them first) or
 * parsed only (the reference decoder); resolves with each reply once its batch ran.
 */
export function send(s: ServingService, bodies: string[], ids: string[], bytes: boolean): Promise<Reply[]> {
  const replies = bodies.map(
    (body, i) =>
      new Promise<Reply>((resolve) =>
        s.submit(
          'm',
          {
            body: bytes ? Buffer.from(body) : undefined,
            rows: () => predictRows(JSON.parse(body)),
            requestId: ids[i],
          },
          (error, answer) => resolve({ error, json: answer?.json }),
        ),
      ),
  );
  return Promise.all(replies);
}

/** Whether the fast decoder takes a body for endpoint m (nothing is queued either way). */
export function fastTakes(s: ServingService, body: string): boolean {
  const e = s.endpoint('m');
  const target = e.primary;
  const before = target.batcher.raw.rows;
  const rows = decodeBytes(e, target, Buffer.from(body));
  target.batcher.raw.rows = before;
  return rows !== undefined;
}

/**
 * `count` bodies (a multiple of 50), each a valid body with one to three random edits, sent through
 * both decoders in turns of 50: the same answer text or the same error message, and every body the
 * fast decoder takes is one the reference decoder answers. Returns how many the fast decoder took
 * and how many were answered.
 */
export async function checkRandomBodies(count: number): Promise<{ taken: number; agreed: number }> {
  const { s } = await served(binaryModel(0.25, ['x', 'c', 'z']));
  const rnd = createRngForTest(25);
  const valids = [
    '{"rows": [{"x": 0.25, "c": "a", "z": -1.5}, {"z": 3, "x": 1e-2, "c": "b"}]}',
    '{"rows":[{"x":12345678901234567890,"c":"zz","z":0.10999999999999988}]}',
    '{"rows": [{"c": "b", "z": -0, "x": 1E+2}]}',
  ];
  const alphabet = '{}[]":,.-+eE0123456789 xczrows\\nula';
  let taken = 0;
  let agreed = 0;
  try {
    for (let n = 0; n < count; n += 50) {
      const bodies = Array.from({ length: 50 }, (_, k) =>
        mutateText(valids[(n + k) % valids.length]!, rnd, alphabet, 1 + ((n + k) % 3)),
      );
      const ids = bodies.map((_, k) => `r-${n + k}`);
      const takes = bodies.map((b) => fastTakes(s, b));
      const fast = await send(s, bodies, ids, true);
      const general = await send(s, bodies, ids, false);
      for (let k = 0; k < bodies.length; k++) {
        const [a, b] = [fast[k]!, general[k]!];
        if (takes[k]) {
          taken++;
          // What the fast decoder takes, the reference decoder answers, with the same text.
          expect(b.error, bodies[k]).toBeNull();
        }
        expect(a.json, bodies[k]).toBe(b.json);
        expect((a.error as FlywheelError | null)?.message, bodies[k]).toBe(
          (b.error as FlywheelError | null)?.message,
        );
        if (a.error === null) agreed++;
      }
    }
  } finally {
    await s.close();
  }
  return { taken, agreed };
}
