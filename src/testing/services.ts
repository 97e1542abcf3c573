/**
 * The external services tests use (PostgreSQL, Redis). Where one is unreachable its tests skip
 * with the reason — unless FLYWHEEL_REQUIRE_SERVICES=1 (set by .ci/run), where that is a failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The PostgreSQL the tests use. */
export const TEST_POSTGRES_URL =
  process.env.FLYWHEEL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when missing services must fail the run instead of skipping. */
export const SERVICES_REQUIRED = process.env.FLYWHEEL_REQUIRE_SERVICES === '1';

/** Undefined when PostgreSQL answers; otherwise why not (and throws when services are required). */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    const reason = `PostgreSQL not reachable at ${TEST_POSTGRES_URL} (${(error as Error).message}); start it or set FLYWHEEL_TEST_POSTGRES_URL`;
    if (SERVICES_REQUIRED) throw new Error(`${reason} — required because FLYWHEEL_REQUIRE_SERVICES=1`);
    console.warn(`skipping PostgreSQL tests: ${reason}`);
    return reason;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The Redis the tests use (BullMQ queues). */
export const TEST_REDIS_URL = process.env.FLYWHEEL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Undefined when Redis answers PING; otherwise why not (and throws when services are required). */
export async function redisUnavailable(): Promise<string | undefined> {
  const u = new URL(TEST_REDIS_URL);
  const error = await new Promise<string | undefined>((resolve) => {
    const socket = createConnection({ host: u.hostname, port: Number(u.port || 6379) });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('no answer within 2 s');
    }, 2000);
    const finish = (why: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(why);
    };
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) =>
      finish(d.toString().startsWith('+PONG') ? undefined : `answered ${d.toString().trim()}`),
    );
    socket.on('error', (e) => finish(e.message));
  });
  if (error === undefined) return undefined;
  const reason = `Redis not reachable at ${TEST_REDIS_URL} (${error}); start it or set FLYWHEEL_TEST_REDIS_URL`;
  if (SERVICES_REQUIRED) throw new Error(`${reason} — required because FLYWHEEL_REQUIRE_SERVICES=1`);
  console.warn(`skipping Redis tests: ${reason}`);
  return reason;
}

/** A URL for a fresh schema in the test database, so parallel tests never see each other's rows. */
export function freshPostgresUrl(prefix = 't'): string {
  const u = new URL(TEST_POSTGRES_URL);
  u.searchParams.set('schema', `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`);
  return u.toString();
}

/** Drop a schema made by freshPostgresUrl. */
export async function dropPostgresSchema(url: string): Promise<void> {
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  if (!schema) return;
  u.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** A temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'flywheel-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * `promtool check metrics` of an exposition: its output and exit status (`rc=0` when valid), or
 * undefined when promtool is not installed (an error instead when FLYWHEEL_REQUIRE_SERVICES=1, as in CI).
 */
export function promtoolCheck(text: string): string | undefined {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
  } catch {
    if (process.env.FLYWHEEL_REQUIRE_SERVICES === '1')
      throw new Error('promtool is required (apt-get install prometheus)');
    console.warn('skipped promtool check: promtool is not installed (Debian package prometheus)');
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-metrics-'));
  try {
    writeFileSync(join(dir, 'metrics.txt'), text);
    return execFileSync(
      'sh',
      ['-c', `promtool check metrics < "${join(dir, 'metrics.txt')}" 2>&1; echo "rc=$?"`],
      {
        encoding: 'utf8',
      },
    ).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
