/**
 * A `flywheel serve` of its own for tests that must watch the server from outside (memory, CPU,
 * `kill -9`): a workspace in `dir`, the breast-cancer-shaped model `bc@production` behind the
 * default server, its prediction log in `dir/predictions`. Run as
 * `node --import tsx serve-child.fixture.ts '{"dir": …, "durable": false, "flushMs": 500}'`; it prints
 * `{"port": N}` once listening and serves until killed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLogger } from '../core/index.js';
import { initWorkspace, openPlatform } from '../platform.js';
import { segmentSink } from '../prediction-log/index.js';
import { ServingService } from '../serving/index.js';
import { MemorySource, numericModel } from '../serving/memory-source.fixture.js';
import { startServer } from './app.js';

/** The child's settings. */
export interface ChildOptions {
  dir: string;
  durable?: boolean;
  flushMs?: number;
}

/** The features of the one-row breast-cancer request in fixtures/http/bc-row.body. */
export const BC_FEATURES = Object.keys(
  (
    JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'http', 'bc-row.body'), 'utf8')) as {
      rows: Array<Record<string, number>>;
    }
  ).rows[0]!,
);

async function main(options: ChildOptions): Promise<void> {
  await initWorkspace(options.dir, { env: {} });
  const p = await openPlatform({ cwd: options.dir, env: {}, logger: createLogger({ level: 'silent' }) });
  const source = new MemorySource({ bc: { 1: () => numericModel(BC_FEATURES) } });
  source.aliases.set('bc@production', 1);
  const serving = new ServingService(source, {
    sink: segmentSink(join(options.dir, 'predictions'), { fsync: options.durable }),
    log: { durable: options.durable, flushMs: options.flushMs ?? 500 },
    pollMs: 0,
  });
  await serving.start([{ ref: 'bc@production' }]);
  const server = await startServer(p, { host: '127.0.0.1', port: 0, serving });
  // How long the event loop was held, for the parent to ask (the server's own latency, apart from
  // what the machine's other processes cost the client).
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  process.on('message', () => {
    process.send?.({ p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 });
    delay.reset();
  });
  process.stdout.write(`${JSON.stringify({ port: Number(new URL(server.url).port) })}\n`);
}

if (process.argv[1] === import.meta.filename) await main(JSON.parse(process.argv[2] ?? '{}') as ChildOptions);

/** A child server as the parent test sees it. */
export interface ChildServer {
  port: number;
  pid: number;
  /** The child's resident memory in MiB (Linux /proc). */
  rssMiB(): number;
  /** The p99 and most that its event loop was held (ms) since the last call. */
  loopDelay(): Promise<{ p99: number; max: number }>;
  /** Stop it: SIGTERM by default, SIGKILL for `kill -9`. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Start this file as a child process with `options`; resolves once it listens. */
export async function spawnServer(options: ChildOptions): Promise<ChildServer> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  child.channel?.unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (d: Buffer) => {
      text += String(d);
      if (text.includes('\n')) resolve((JSON.parse(text.split('\n')[0]!) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`the child server exited with ${code}`)));
  });
  return {
    port,
    pid: child.pid!,
    rssMiB: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
    },
    loopDelay: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as { p99: number; max: number }));
        child.send('loop');
      }),
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
