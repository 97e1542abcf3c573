/** Redis connection settings from a `redis://` URL, and a quick reachability check. */
import { createConnection } from 'node:net';
import { FlywheelError } from '../core/index.js';
import { redact } from './target.js';

/** What BullMQ (ioredis) is given. */
export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  maxRetriesPerRequest: null;
}

/** The queue name in a `redis://…?queue=NAME` URL (default `flywheel-batch`). */
export function queueName(url: string): string {
  const name = new URL(url).searchParams.get('queue') ?? 'flywheel-batch';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name))
    throw badQueue(url, `the queue name "${name}" is not letters, digits, - and _`);
  return name;
}

/** Parse `redis://[user:password@]host[:port][/db][?queue=NAME]`. */
export function parseRedisUrl(url: string): RedisConnection {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw badQueue(url, 'it is not a URL');
  }
  if (u.protocol !== 'redis:') throw badQueue(url, 'the scheme is not redis://');
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (db !== undefined && !Number.isInteger(db)) throw badQueue(url, 'the database is not a number');
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db,
    maxRetriesPerRequest: null,
  };
}

/** Fail fast (BACKEND_UNAVAILABLE) when nothing answers at the Redis address. */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const c = parseRedisUrl(url);
  const why = await new Promise<string | undefined>((resolve) => {
    const socket = createConnection({ host: c.host, port: c.port });
    const timer = setTimeout(() => done('no answer'), timeoutMs);
    function done(reason: string | undefined) {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    }
    socket.on('connect', () => done(undefined));
    socket.on('error', (e) => done(e.message));
  });
  if (why !== undefined) {
    throw new FlywheelError('BACKEND_UNAVAILABLE', `Redis at ${redact(url)} is not reachable (${why})`, {
      hint: 'Start Redis, or check the --queue URL; without --queue the job runs in this process.',
    });
  }
}

function badQueue(url: string, why: string): FlywheelError {
  return new FlywheelError('INVALID_ARGUMENT', `--queue "${redact(url)}": ${why}`, {
    hint: 'Use redis://host:6379 (optionally redis://user:password@host:6379/0).',
  });
}
