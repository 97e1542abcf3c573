/** A raw HTTP/1.1 client for tests: bytes written as given, answers read back as they arrive. */
import { connect } from 'node:net';

/** One answer read off the connection. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What one exchange saw. */
export interface Exchange {
  answers: RawAnswer[];
  /** The server closed (or reset) the connection. */
  closed: boolean;
  /** Milliseconds from the first write to the close, or to the wait's end. */
  ms: number;
}

/**
 * Write `pieces` over one connection (each a separate write, `gapMs` apart), half-close after them
 * when `end`, then read answers until the server closes the connection or `waitMs` has passed.
 */
export function exchange(
  port: number,
  pieces: Array<string | Buffer>,
  options: { gapMs?: number; end?: boolean; waitMs?: number } = {},
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const answers: RawAnswer[] = [];
    let buffer = Buffer.alloc(0);
    const started = Date.now();
    let settled = false;
    const done = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ answers, closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => done(false), options.waitMs ?? 2000);
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
    });
    socket.on('close', () => done(true));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') done(true);
      else reject(error);
    });
    socket.on('connect', async () => {
      for (const piece of pieces) {
        if (socket.destroyed) return;
        socket.write(piece);
        await new Promise((r) => (options.gapMs ? setTimeout(r, options.gapMs) : setImmediate(r)));
      }
      if (options.end && !socket.destroyed) socket.end();
    });
  });
}
