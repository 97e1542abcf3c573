// Request framing on the server as it runs: every request is parsed and framed by node:http's own
// parser (llhttp), the predict route included. The cases are the reproducers of the retired
// hand-written front door (issue 23 findings 5 and 6), each answered here as node:http answers it.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { numericModel, serviceOf } from '../serving/memory-source.fixture.js';
import { liveServer } from './live-server.fixture.js';
import { exchange } from './raw-http.fixture.js';

/** A one-row breast-cancer request (767 bytes, 30 features). */
const BODY = readFileSync(join(import.meta.dirname, 'fixtures', 'http', 'bc-row.body'));
const FEATURES = Object.keys((JSON.parse(String(BODY)) as { rows: Array<Record<string, number>> }).rows[0]!);

const predict = (extra = '', length = `${BODY.length}`) =>
  Buffer.concat([
    Buffer.from(
      `POST /models/bc/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${extra}Content-Length: ${length}\r\n\r\n`,
    ),
    BODY,
  ]);
const GET = 'GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n';
const statuses = (e: { answers: Array<{ status: number }> }) => e.answers.map((a) => a.status);

describe('request framing (node:http parses every request)', () => {
  const server = liveServer(() => serviceOf('bc', () => numericModel(FEATURES)));

  it('refuses a Content-Length with a tab after its digits, and reads nothing after it', async () => {
    const e = await exchange(server.port, [
      Buffer.concat([predict('', `${BODY.length}\t`), Buffer.from(GET)]),
    ]);
    expect(statuses(e)).toEqual([400]);
    expect(e.closed).toBe(true);
  });

  it('takes Proxy-Connection: close and Connection: close as the last request of the connection', async () => {
    for (const header of ['Proxy-Connection: close\r\n', 'Connection: close\r\n']) {
      // Alone: answered, marked close, closed.
      const alone = await exchange(server.port, [predict(header)]);
      expect([header, statuses(alone), alone.answers[0]!.headers.connection, alone.closed]).toEqual([
        header,
        [200],
        'close',
        true,
      ]);
      // With a request after it: node:http refuses the data after the close (400) and never
      // answers the second request.
      const e = await exchange(server.port, [Buffer.concat([predict(header), Buffer.from(GET)])]);
      expect([
        header,
        e.answers.length <= 1,
        e.answers.some((a) => a.body.includes('live')),
        e.closed,
      ]).toEqual([header, true, false, true]);
    }
  });

  it('answers every pipelined request before a half-close, the last one too', async () => {
    const e = await exchange(server.port, [Buffer.concat([...Array(5).fill(predict()), Buffer.from(GET)])], {
      end: true,
    });
    expect(statuses(e)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(JSON.parse(e.answers[5]!.body)).toEqual({ live: true });
  });

  it('answers a request cut off by a half-close with 400', async () => {
    const e = await exchange(server.port, [predict().subarray(0, -100)], { end: true });
    expect(statuses(e)).toEqual([400]);
    expect(e.closed).toBe(true);
  });

  it('refuses a bare-LF head or a garbage head at once with 400, not a timeout', async () => {
    for (const bytes of [
      Buffer.from(String(predict()).replaceAll('\r\n', '\n')),
      Buffer.from('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n'),
    ]) {
      const e = await exchange(server.port, [bytes], { waitMs: 3000 });
      expect(statuses(e)).toEqual([400]);
      expect(e.closed).toBe(true);
      expect(e.ms).toBeLessThan(1000);
    }
  });

  it('reads at most 2,000 headers (the Content-Type past them is not seen)', async () => {
    const names = Array.from({ length: 2100 }, (_, i) => `x${i.toString(36)}:\r\n`).join('');
    const head = `POST /models/bc/predict HTTP/1.1\r\nHost: localhost\r\n${names}Content-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n`;
    const e = await exchange(server.port, [Buffer.concat([Buffer.from(head), BODY])], { waitMs: 500 });
    expect(e.answers).toHaveLength(1);
    expect(e.answers[0]!.status).toBeGreaterThanOrEqual(400);
    expect(e.answers[0]!.status).toBeLessThan(500);
  });

  it('closes a connection whose client keeps sending after a closing answer', async () => {
    // Connection: close plus one stray byte, then more bytes: the server answers once, closes, and
    // stops reading (the retired front door kept reading and buffering, forever).
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let answered = '';
    socket.on('data', (d: Buffer) => {
      answered += d.toString('latin1');
    });
    const closed = new Promise<boolean>((r) => socket.once('close', () => r(true)));
    socket.on('error', () => {});
    socket.write(Buffer.concat([predict('Connection: close\r\n'), Buffer.from('X')]));
    let accepted = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x59);
    for (let i = 0; i < 64 && !socket.destroyed; i++) {
      if (!socket.write(chunk)) await Promise.race([new Promise((r) => socket.once('drain', r)), closed]);
      if (!socket.destroyed) accepted += chunk.length;
    }
    expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r(false), 3000))])).toBe(true);
    // One answer: node:http refuses the request with the stray byte after it (400).
    expect(answered.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    // What the kernel's buffers take before the close is seen, not 4 MiB.
    expect(accepted).toBeLessThan(4 * 1024 * 1024);
  });

  it('frames a body sent in 128-byte pieces once', async () => {
    const bytes = predict('X-Request-Id: pieces\r\n');
    const pieces = Array.from({ length: Math.ceil(bytes.length / 128) }, (_, i) =>
      bytes.subarray(i * 128, (i + 1) * 128),
    );
    const e = await exchange(server.port, pieces, { waitMs: 500 });
    expect(statuses(e)).toEqual([200]);
    expect(e.answers[0]!.headers['x-request-id']).toBe('pieces');
  });
});
