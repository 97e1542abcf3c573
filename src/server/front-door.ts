/**
 * The front door: requests for the predict lane read straight off the socket, everything else
 * handed to `node:http`.
 *
 * `node:http` spends about as much per request as scoring a 200-tree GBDT does (request and response
 * objects, header objects, events, a two-part write; bench/serve-predict). The front door takes the
 * server's connections first and reads HTTP/1.1 itself, but only a strict subset: a `POST` request
 * line with `HTTP/1.1`, a target the lane takes, header lines of printable ASCII with CRLF endings,
 * a Host, one `Content-Length` no larger than the body limit, no `Transfer-Encoding`, no `Expect`,
 * no `Upgrade`, no header twice, a head under 16 KiB. Such a request goes to the lane and its answer
 * is written in one piece. The first request outside that subset hands the connection, with every
 * byte not yet answered, to `node:http`'s own parser for the rest of its life, so anything unusual —
 * chunked bodies, odd framing, a smuggling attempt — meets the parser Node ships, and gets its answers.
 *
 * One request per connection is answered at a time, in order (pipelined requests wait in the
 * buffer, which stops reading past a bound). Timeouts follow the server's settings: an idle
 * connection closes after `keepAliveTimeout`, a request not complete within `headersTimeout` (head)
 * or `requestTimeout` (whole) gets a 408 and the connection closes. `server.close()` closes idle
 * connections at once and busy ones after their answer; `closeAllConnections()` closes them all.
 */
import { type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { LaneHeaders, PredictLane } from './routes/inference-fast-lane.js';

/** Largest request head, as `node:http` (its --max-http-header-size default). */
const MAX_HEAD = 16 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CONTENT_LENGTH = /^[0-9]{1,15}$/;
const REQUEST_LINE_START = 'POST ';
const REQUEST_LINE_END = ' HTTP/1.1';

/** What reading the buffer found. */
enum Read {
  /** A request, parsed into the connection's `request`. */
  Request = 0,
  /** Not all of the request yet. */
  Partial = 1,
  /** Outside the subset: node:http's turn. */
  HandOff = 2,
}

/**
 * What a front door has done: requests it answered, connections it gave to node:http, and the
 * most bytes one connection had waiting while an earlier request was being answered.
 */
export interface FrontDoorCounts {
  answered: number;
  handedOff: number;
  mostWaiting: number;
}

const doors = new WeakMap<Server, FrontDoorCounts>();

/** The counts of the front door installed on `server`, if any (tests, diagnostics). */
export function frontDoorCounts(server: Server): Readonly<FrontDoorCounts> | undefined {
  return doors.get(server);
}

interface Parsed {
  name: string;
  headers: LaneHeaders;
  /** Where the body starts in the buffer, and its length. */
  bodyAt: number;
  length: number;
  close: boolean;
}

/**
 * Put the front door before `server`'s own connection handling. `lane` answers the requests the
 * door takes; `server` (a `node:http` server, not yet listening) gets every connection the door
 * hands over. Returns the door's counts (also `frontDoorCounts(server)`), which it keeps current.
 */
export function installFrontDoor(server: Server, lane: PredictLane): Readonly<FrontDoorCounts> {
  const listeners = server.listeners('connection') as Array<(socket: Socket) => void>;
  if (listeners.length !== 1)
    throw new Error('installFrontDoor: expected the one connection listener of node:http');
  const httpConnection = listeners[0]!;
  server.removeAllListeners('connection');
  const open = new Set<Connection>();
  let closing = false;
  const counts: FrontDoorCounts = { answered: 0, handedOff: 0, mostWaiting: 0 };
  doors.set(server, counts);
  const door: Door = {
    lane,
    server,
    open,
    counts,
    get closing() {
      return closing;
    },
    httpConnection: (socket) => httpConnection.call(server, socket),
  };
  server.on('connection', (socket: Socket) => {
    const connection = new Connection(door, socket);
    open.add(connection);
  });
  const close = server.close;
  const closeIdle = server.closeIdleConnections;
  const closeAll = server.closeAllConnections;
  server.close = function (this: Server, callback?: (error?: Error) => void) {
    closing = true;
    for (const c of open) c.closeWhenIdle();
    return close.call(this, callback);
  } as Server['close'];
  server.closeIdleConnections = function (this: Server) {
    for (const c of open) if (c.idle) c.socket.destroy();
    closeIdle.call(this);
  };
  server.closeAllConnections = function (this: Server) {
    for (const c of open) c.socket.destroy();
    closeAll.call(this);
  };
  return counts;
}

interface Door {
  readonly lane: PredictLane;
  readonly server: Server;
  readonly open: Set<Connection>;
  readonly counts: FrontDoorCounts;
  readonly closing: boolean;
  /** Give a socket to node:http, as if it had just connected. */
  httpConnection(socket: Socket): void;
}

/** One connection while the front door reads it. */
class Connection {
  /** Bytes received and not yet answered, from the start of the next request. */
  pending: Buffer | null = null;
  /** The head of the request being received, once read (its body may still be arriving). */
  private request: Parsed | null = null;
  /** A request is with the lane. */
  private busy = false;
  /** Inside `next()`'s loop (an answer given synchronously lets the loop go on). */
  private looping = false;
  /** Writes are waiting for the socket to drain. */
  private draining = false;
  /** The client has finished sending (half-close). */
  private ended = false;
  /** Close after the answer being written. */
  private closeAfter = false;
  /** When the request in the buffer began to arrive (0: none). */
  private since = 0;
  private readonly remoteAddress: string;
  /** Bytes waiting past which reading stops: a whole request's head and body. */
  private readonly bound: number;
  /** The socket events the door listens to while it has the connection. */
  private readonly handlers: ReadonlyArray<[string, (chunk: Buffer) => void]> = [
    ['data', (chunk: Buffer) => this.data(chunk)],
    ['end', () => this.end()],
    ['timeout', () => this.timeout()],
    ['drain', () => this.drained()],
    ['close', () => this.door.open.delete(this)],
    ['error', () => this.socket.destroy()],
  ];

  constructor(
    private readonly door: Door,
    readonly socket: Socket,
  ) {
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.bound = MAX_HEAD + door.lane.bodyLimit;
    for (const [event, handler] of this.handlers) socket.on(event, handler);
    const idle = idleTimeout(door.server);
    if (idle > 0) socket.setTimeout(idle);
  }

  /** Nothing received, nothing being answered, nothing left to send. */
  get idle(): boolean {
    return !this.busy && !this.draining && this.pending === null;
  }

  /** Close after the answer being worked on, once what was written is sent, or now. */
  closeWhenIdle(): void {
    if (this.busy) this.closeAfter = true;
    else if (this.draining) this.socket.end();
    else this.socket.destroy();
  }

  /**
   * Give the connection to node:http with the bytes not yet answered (the next request first), as
   * if it had just connected: its parser reads the rest of the connection's life.
   */
  private handOff(): void {
    this.door.open.delete(this);
    this.door.counts.handedOff++;
    const s = this.socket;
    if (this.ended) {
      // node:http could not be given bytes after the end: what is left is dropped.
      s.destroy();
      return;
    }
    for (const [event, handler] of this.handlers) s.removeListener(event, handler);
    s.setTimeout(0);
    s.pause();
    if (this.pending !== null) s.unshift(this.pending);
    this.pending = null;
    this.door.httpConnection(s);
    s.resume();
  }

  private data(chunk: Buffer): void {
    this.pending = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.busy || this.draining) {
      // Pipelined requests wait; past a bound, stop reading until the answers are out.
      const waiting = this.pending.length;
      if (waiting > this.door.counts.mostWaiting) this.door.counts.mostWaiting = waiting;
      if (waiting > this.bound) this.socket.pause();
      return;
    }
    this.next();
  }

  /** Answer the requests in the buffer, one at a time, until one is partial or with the lane. */
  private next(): void {
    this.looping = true;
    try {
      while (this.pending !== null && !this.busy && !this.draining && !this.closeAfter) {
        const read = this.read(this.pending);
        if (read === Read.HandOff) {
          this.handOff();
          return;
        }
        if (read === Read.Partial) {
          if (this.ended) {
            this.socket.destroy(); // the client ended mid-request
            return;
          }
          this.waitForRest();
          break;
        }
        const r = this.request!;
        const buffer = this.pending;
        const end = r.bodyAt + r.length;
        const body = buffer.subarray(r.bodyAt, end);
        this.pending = end === buffer.length ? null : buffer.subarray(end);
        this.request = null;
        this.since = 0;
        this.busy = true;
        this.door.counts.answered++;
        if (r.close) this.closeAfter = true;
        this.door.lane.serve(r.name, body, r.headers, this.remoteAddress, this.respond);
      }
      if (this.pending === null && this.ended && !this.busy) this.socket.end();
      // Reading stopped while too much was waiting: go on once it is down to one request's worth.
      else if (this.socket.isPaused() && (this.pending?.length ?? 0) <= this.bound) this.socket.resume();
    } catch {
      // A bug here must not take the process down: drop the connection.
      this.socket.destroy();
    } finally {
      this.looping = false;
    }
  }

  /**
   * Read the request at the start of `buffer` into `this.request` (the head is parsed once, its
   * body may take several reads).
   */
  private read(buffer: Buffer): Read {
    if (this.request === null) {
      const end = buffer.indexOf(HEAD_END);
      if (end < 0) return buffer.length > MAX_HEAD ? Read.HandOff : Read.Partial;
      if (end > MAX_HEAD) return Read.HandOff;
      const parsed = this.parseHead(buffer, end);
      if (parsed === null) return Read.HandOff;
      this.request = parsed;
    }
    const r = this.request;
    return buffer.length - r.bodyAt >= r.length ? Read.Request : Read.Partial;
  }

  /** The head `buffer[0, end)` when it is in the subset the door answers, else null. */
  private parseHead(buffer: Buffer, end: number): Parsed | null {
    // Printable ASCII and tabs only, every CR followed by LF and every LF preceded by CR.
    for (let i = 0; i < end; i++) {
      const c = buffer[i]!;
      if (c >= 0x20 && c < 0x7f) continue;
      if (c === 0x09) continue;
      if (c === 0x0d && buffer[i + 1] === 0x0a) {
        i++;
        continue;
      }
      return null;
    }
    const head = buffer.toString('latin1', 0, end);
    const lineEnd = head.indexOf('\r\n');
    if (lineEnd < 0) return null;
    if (!head.startsWith(REQUEST_LINE_START) || !head.endsWith(REQUEST_LINE_END, lineEnd)) return null;
    const target = head.slice(REQUEST_LINE_START.length, lineEnd - REQUEST_LINE_END.length);
    const headers: Record<string, string> = Object.create(null);
    for (let at = lineEnd + 2; at <= head.length; ) {
      let stop = head.indexOf('\r\n', at);
      if (stop < 0) stop = head.length;
      const colon = head.indexOf(':', at);
      if (colon <= at || colon > stop) return null;
      const name = head.slice(at, colon);
      if (!TOKEN.test(name)) return null;
      const key = name.toLowerCase();
      if (headers[key] !== undefined) return null;
      headers[key] = head.slice(colon + 1, stop).trim();
      at = stop + 2;
    }
    if (headers.host === undefined) return null;
    if (
      headers['transfer-encoding'] !== undefined ||
      headers.expect !== undefined ||
      headers.upgrade !== undefined
    )
      return null;
    const declared = headers['content-length'];
    if (declared === undefined || !CONTENT_LENGTH.test(declared)) return null;
    const length = Number(declared);
    if (length > this.door.lane.bodyLimit) return null;
    let close = false;
    const connection = headers.connection;
    if (connection !== undefined) {
      const token = connection.toLowerCase();
      if (token === 'close') close = true;
      else if (token !== 'keep-alive') return null;
    }
    const name = this.door.lane.route('POST', target, headers);
    if (name === undefined) return null;
    return { name, headers, bodyAt: end + 4, length, close };
  }

  /** A request is partly here: note when it began, refuse it once it has taken too long. */
  private waitForRest(): void {
    const now = Date.now();
    if (this.since === 0) this.since = now;
    else if (this.overdue(now)) this.refuseSlow();
  }

  private overdue(now: number): boolean {
    const { headersTimeout, requestTimeout } = this.door.server;
    const limit = this.request === null ? headersTimeout : requestTimeout;
    return limit > 0 && now - this.since > limit;
  }

  private refuseSlow(): void {
    this.pending = null;
    this.request = null;
    this.closeAfter = true;
    this.write(408, '{"error":"the request did not arrive in time","code":"TIMEOUT"}', undefined, undefined);
  }

  private readonly respond = (
    status: number,
    json: string,
    requestId: string | undefined,
    retryAfter: number | undefined,
    close: boolean,
  ): void => {
    if (!this.busy) return;
    this.busy = false;
    if (close) {
      // The rest of what the client sent is not read (a refused body, say).
      this.closeAfter = true;
      this.pending = null;
    }
    if (this.socket.destroyed) return;
    this.write(status, json, requestId, retryAfter);
    this.proceed();
  };

  /** Go on with the buffered requests once an answer is out (or the socket has drained). */
  private proceed(): void {
    if (this.closeAfter || this.busy || this.draining) return;
    if (!this.looping) this.next();
  }

  private write(
    status: number,
    json: string,
    requestId: string | undefined,
    retryAfter: number | undefined,
  ): void {
    const close = this.closeAfter || this.door.closing;
    let head =
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(json)}\r\n`;
    if (requestId !== undefined) head += `x-request-id: ${requestId}\r\n`;
    if (retryAfter !== undefined) head += `retry-after: ${retryAfter}\r\n`;
    head += `date: ${httpDate()}\r\n`;
    head += close
      ? 'connection: close\r\n\r\n'
      : `connection: keep-alive\r\nkeep-alive: timeout=${keepAliveSeconds(this.door.server)}\r\n\r\n`;
    if (close) {
      this.closeAfter = true;
      this.socket.end(head + json);
      return;
    }
    if (!this.socket.write(head + json)) this.draining = true;
  }

  private drained(): void {
    if (!this.draining) return;
    this.draining = false;
    this.proceed();
  }

  private end(): void {
    this.ended = true;
    if (this.busy || this.draining) return;
    // A request cut off by the client's end is dropped with the connection.
    if (this.pending !== null) this.socket.destroy();
    else this.socket.end();
  }

  private timeout(): void {
    if (this.busy) return; // the model is still working on it: the answer goes out when ready
    if (this.pending === null) {
      this.socket.destroy(); // idle past keepAliveTimeout
      return;
    }
    if (this.since !== 0 && this.overdue(Date.now())) this.refuseSlow();
    else this.socket.setTimeout(idleTimeout(this.door.server)); // look again later
  }
}

/** How long a connection may be silent before the door looks at it. */
function idleTimeout(server: Server): number {
  return server.keepAliveTimeout > 0 ? server.keepAliveTimeout : server.headersTimeout;
}

function keepAliveSeconds(server: Server): number {
  return Math.max(1, Math.floor(server.keepAliveTimeout / 1000));
}

/** The Date header's value, made once a second. */
let dateText = '';
let dateExpires = 0;
function httpDate(): string {
  const now = Date.now();
  if (now >= dateExpires) {
    dateText = new Date(now).toUTCString();
    dateExpires = now - (now % 1000) + 1000;
  }
  return dateText;
}
