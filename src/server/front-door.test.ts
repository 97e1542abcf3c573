import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { churnService } from '../serving/memory-source.fixture.js';
import { frontDoorCounts } from './front-door.js';
import { liveServer } from './live-server.fixture.js';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Send raw bytes over one connection (each piece a separate write, `gapMs` apart) and read the
 * HTTP answers back: resolves once `count` answers are in (and, with `untilClose`, the server has
 * closed the connection), or when the server closes it.
 */
function exchange(
  port: number,
  pieces: Array<string | Buffer>,
  count: number,
  options: { gapMs?: number; untilClose?: boolean } = {},
): Promise<{ answers: Answer[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const answers: Answer[] = [];
    let buffer = Buffer.alloc(0);
    let closed = false;
    const done = () => {
      socket.destroy();
      resolve({ answers, closed });
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) break;
        const [statusLine, ...lines] = buffer.toString('latin1', 0, end).split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const colon = line.indexOf(':');
          headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
        }
        const length = Number(headers['content-length'] ?? 0);
        if (buffer.length < end + 4 + length) break;
        answers.push({
          status: Number(statusLine!.split(' ')[1]),
          headers,
          body: buffer.toString('utf8', end + 4, end + 4 + length),
        });
        buffer = buffer.subarray(end + 4 + length);
      }
      if (answers.length >= count && !options.untilClose) done();
    });
    socket.on('close', () => {
      closed = true;
      done();
    });
    socket.on('error', reject);
    socket.on('connect', async () => {
      for (const piece of pieces) {
        if (socket.destroyed) return;
        socket.write(piece);
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        else await new Promise((r) => setImmediate(r));
      }
    });
  });
}

const ROW = '{"rows": [{"x": 0.5, "c": "a"}]}';
const predict = (id: string, extra = '', body = ROW) =>
  `POST /models/churn/predict HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n` +
  `X-Request-Id: ${id}\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('the front door (predict requests read off the socket)', () => {
  const server = liveServer(churnService, 64 * 1024);
  const counts = () => ({ ...frontDoorCounts(server.app.server)! });

  it('answers a plain predict request itself, byte for byte as node:http and the lane do', async () => {
    const before = counts();
    const door = await exchange(server.port, [predict('same-id')], 1);
    const afterDoor = counts();
    // The same request with a chunked body: the door hands it over and node:http answers it.
    const chunked =
      'POST /models/churn/predict HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n' +
      `X-Request-Id: same-id\r\nTransfer-Encoding: chunked\r\n\r\n${ROW.length.toString(16)}\r\n${ROW}\r\n0\r\n\r\n`;
    const node = await exchange(server.port, [chunked], 1);
    expect(afterDoor.answered).toBe(before.answered + 1);
    expect(afterDoor.handedOff).toBe(before.handedOff);
    expect(counts().handedOff).toBe(before.handedOff + 1);
    const [a] = door.answers;
    const [b] = node.answers;
    expect(a!.status).toBe(200);
    expect(a!.body).toBe(b!.body);
    for (const h of ['content-type', 'content-length', 'x-request-id', 'connection', 'keep-alive'])
      expect([h, a!.headers[h]]).toEqual([h, b!.headers[h]]);
    expect(Number.isNaN(Date.parse(a!.headers.date!))).toBe(false);
    const body = JSON.parse(a!.body) as { probabilities: number[][]; request_id: string };
    expect(body.request_id).toBe('same-id');
    // binaryModel(1): weights x 1, c=a 0.5, c=b -0.5, bias 1 (memory-source.fixture.ts).
    expect(body.probabilities[0]![1]).toBeCloseTo(sigmoid(0.5 + 0.5 + 1), 12);
  });

  it('takes JSON with the UTF-8 charset named, in any case, and leaves other types to the framework', async () => {
    const typed = (type: string) =>
      `POST /models/churn/predict HTTP/1.1\r\nHost: test\r\nContent-Type: ${type}\r\n` +
      `Content-Length: ${ROW.length}\r\n\r\n${ROW}`;
    for (const type of ['application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      const before = counts();
      const { answers } = await exchange(server.port, [typed(type)], 1);
      expect([type, answers[0]!.status, counts().answered]).toEqual([type, 200, before.answered + 1]);
    }
    for (const type of ['application/json; charset=latin1', 'text/plain', 'application/jsonx']) {
      const before = counts();
      const { answers } = await exchange(server.port, [typed(type)], 1);
      expect([type, counts().handedOff]).toEqual([type, before.handedOff + 1]);
      // The framework's own parsing: JSON in another charset is still JSON to it; the rest is refused.
      const status = answers[0]!.status;
      const fine = type.includes('charset') ? status === 200 : status >= 400 && status < 500;
      expect([type, status, fine]).toEqual([type, status, true]);
    }
  });

  it('shows its counts in /metrics, for promtool as for people', async () => {
    await exchange(server.port, [predict('metered')], 1);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
    const { answered, handedOff } = counts();
    expect(answered).toBeGreaterThan(0);
    expect(value('flywheel_serving_front_door_requests_total')).toBe(answered);
    // The scrape itself is a request the door hands over, counted before the answer is made.
    expect(value('flywheel_serving_front_door_handoffs_total')).toBe(handedOff);
    expect(text).toContain('# TYPE flywheel_serving_front_door_handoffs_total counter');
  });

  it('answers pipelined requests in order, and requests that arrive a byte at a time', async () => {
    const three = await exchange(server.port, [predict('p1') + predict('p2') + predict('p3')], 3);
    expect(three.answers.map((a) => [a.status, a.headers['x-request-id']])).toEqual([
      [200, 'p1'],
      [200, 'p2'],
      [200, 'p3'],
    ]);
    const bytes = [...Buffer.from(predict('slow') + predict('slow-2'))].map((b) => Buffer.from([b]));
    const slow = await exchange(server.port, bytes, 2);
    expect(slow.answers.map((a) => a.headers['x-request-id'])).toEqual(['slow', 'slow-2']);
  });

  it('hands a connection to node:http at the first request it does not take, bytes and order kept', async () => {
    const before = counts();
    const health = 'GET /v2/health/live HTTP/1.1\r\nHost: test\r\n\r\n';
    // In separate writes, then all in one write: predict, health (node:http's), predict again.
    for (const pieces of [[predict('m1'), health, predict('m2')], [predict('m1') + health + predict('m2')]]) {
      const { answers } = await exchange(server.port, pieces, 3);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(answers[0]!.headers['x-request-id']).toBe('m1');
      expect(JSON.parse(answers[1]!.body)).toEqual({ live: true });
      expect(answers[2]!.headers['x-request-id']).toBe('m2');
    }
    expect(counts().handedOff).toBe(before.handedOff + 2);
    // Only each connection's first predict was the door's: after the hand-over node:http reads all.
    expect(counts().answered).toBe(before.answered + 2);
  });

  it('leaves every framing it does not fully know to node:http, which refuses the ambiguous ones', async () => {
    const head = 'POST /models/churn/predict HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n';
    const cases: Array<[string, string, number]> = [
      ['both lengths', `${head}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400],
      ['two lengths', `${head}Content-Length: ${ROW.length}\r\nContent-Length: 3\r\n\r\n${ROW}`, 400],
      ['folded header', `${head}X-A: 1\r\n  folded\r\nContent-Length: ${ROW.length}\r\n\r\n${ROW}`, 400],
      ['space before colon', `${head}X-A : 1\r\nContent-Length: ${ROW.length}\r\n\r\n${ROW}`, 400],
      ['control byte', `${head}X-A: a\x01b\r\nContent-Length: ${ROW.length}\r\n\r\n${ROW}`, 400],
      ['signed length', `${head}Content-Length: +${ROW.length}\r\n\r\n${ROW}`, 400],
      ['HTTP/1.0', `${head.replace('HTTP/1.1', 'HTTP/1.0')}Content-Length: ${ROW.length}\r\n\r\n${ROW}`, 200],
      ['no Host', `${head.replace('Host: test\r\n', '')}Content-Length: ${ROW.length}\r\n\r\n${ROW}`, 400],
      ['query string', predict('q').replace('/predict ', '/predict?x=1 '), 200],
      ['head over 16 KiB', `${head}X-Big: ${'a'.repeat(17 * 1024)}\r\nContent-Length: 2\r\n\r\n{}`, 431],
    ];
    for (const [what, bytes, status] of cases) {
      const before = counts();
      const { answers } = await exchange(server.port, [bytes], 1);
      expect([what, answers[0]?.status]).toEqual([what, status]);
      expect([what, counts().handedOff]).toEqual([what, before.handedOff + 1]);
      expect([what, counts().answered]).toEqual([what, before.answered]);
    }
  });

  it('refuses a body over the limit with 413 and closes; honours Connection: close', async () => {
    const big = `POST /models/churn/predict HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: ${65 * 1024}\r\n\r\n{`;
    const refused = await exchange(server.port, [big], 1, { untilClose: true });
    expect(refused.answers[0]!.status).toBe(413);
    expect(refused.closed).toBe(true);
    const closing = await exchange(
      server.port,
      [predict('last', 'Connection: close\r\n') + predict('never')],
      1,
      {
        untilClose: true,
      },
    );
    expect(closing.answers.map((a) => [a.status, a.headers.connection])).toEqual([[200, 'close']]);
    expect(closing.closed).toBe(true);
  });

  it('answers 2,000 pipelined requests written at once, in order, without reading ahead unbounded', async () => {
    const n = 2000;
    const all = Array.from({ length: n }, (_, i) => predict(`b${i}`)).join('');
    const { answers } = await exchange(server.port, [all], n);
    expect(answers).toHaveLength(n);
    expect(answers.every((a, i) => a.status === 200 && a.headers['x-request-id'] === `b${i}`)).toBe(true);
  });

  it('stops reading from a client that sends without reading the answers', async () => {
    // 32 MiB of pipelined requests whose answers are never read: the door keeps at most a head and
    // a body's worth (plus the read that crossed the line) waiting, not what the client sends.
    const one = predict('flood');
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.pause();
    const chunk = one.repeat(Math.ceil((1024 * 1024) / one.length));
    for (let i = 0; i < 32; i++) socket.write(chunk);
    await new Promise((r) => setTimeout(r, 1000));
    socket.destroy();
    const { mostWaiting } = counts();
    expect(mostWaiting).toBeGreaterThan(0);
    expect(mostWaiting).toBeLessThanOrEqual(16 * 1024 + 64 * 1024 + 64 * 1024);
  });

  it('closes idle connections after keepAliveTimeout and refuses a head that never ends with 408', async () => {
    const { keepAliveTimeout, headersTimeout } = server.app.server;
    server.app.server.keepAliveTimeout = 200;
    server.app.server.headersTimeout = 400;
    try {
      const t = Date.now();
      const idle = await exchange(server.port, [predict('idle')], 1, { untilClose: true });
      expect(idle.answers[0]!.status).toBe(200);
      expect(idle.closed).toBe(true);
      expect(Date.now() - t).toBeGreaterThanOrEqual(150);
      const stalled = await exchange(server.port, ['POST /models/churn/predict HTTP/1.1\r\nHost: t'], 1, {
        untilClose: true,
      });
      expect(stalled.answers.map((a) => a.status)).toEqual([408]);
      expect(stalled.closed).toBe(true);
    } finally {
      server.app.server.keepAliveTimeout = keepAliveTimeout;
      server.app.server.headersTimeout = headersTimeout;
    }
  });
});

describe('the front door when the server closes', () => {
  const server = liveServer(churnService);

  it('closes its idle keep-alive connections, so closing the server does not wait for them', async () => {
    const socket = connect(server.port, '127.0.0.1');
    const answered = new Promise<string>((resolve) => socket.once('data', (d) => resolve(String(d))));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(predict('before-close'));
    expect(await answered).toMatch(/^HTTP\/1\.1 200 OK/);
    await server.app.close();
    await closed;
    expect(socket.destroyed).toBe(true);
  });
});
