/**
 * `flywheel serve` as a process (run-server.ts) and the cluster protocol (cluster.ts), run in this
 * process so that their lines are measured: the CLI's cluster tests (cluster.test.ts) run them in
 * child processes, where Vitest's coverage cannot see. The primary forks stand-in workers
 * (cluster-worker.fixture.ts) that speak the real messages; the worker side runs a real server on
 * port 0 with this process posing as a cluster worker (its IPC messages caught before they leave).
 */
import cluster, { type Worker } from 'node:cluster';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FlywheelError } from '../core/index.js';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { runCli } from '../testing/cli.js';
import { tempDir } from '../testing/services.js';
import { runPrimary } from './cluster.js';
import { type ListeningInfo, runServer } from './run-server.js';

const FIXTURE = join(import.meta.dirname, 'cluster-worker.fixture.ts');
const IRIS = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'data', 'iris.csv');

// biome-ignore lint/suspicious/noExplicitAny: IPC messages in tests, checked by the assertions that use them
type Message = any;

async function until(condition: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > 30_000) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Run `fn`, then remove the process and cluster listeners it added. */
async function keepingListeners<T>(fn: () => Promise<T>): Promise<T> {
  const events: string[] = ['SIGINT', 'SIGTERM', 'message'];
  const listeners = (e: string) => process.listeners(e as 'message');
  const before = Object.fromEntries(events.map((e) => [e, listeners(e)]));
  const clusterBefore = { message: cluster.listeners('message'), exit: cluster.listeners('exit') };
  try {
    return await fn();
  } finally {
    for (const e of events)
      for (const l of listeners(e)) if (!before[e]!.includes(l)) process.off(e, l as () => void);
    for (const e of ['message', 'exit'] as const)
      for (const l of cluster.listeners(e))
        if (!clusterBefore[e].includes(l)) cluster.off(e, l as () => void);
  }
}

/** The SIGTERM handlers added since `before` (called directly: the test runner's own stay out of it). */
const addedHandlers = (before: readonly unknown[]) =>
  process.listeners('SIGTERM').filter((l) => !before.includes(l));

describe('the cluster primary, with stand-in workers', () => {
  beforeAll(() => cluster.setupPrimary({ exec: FIXTURE, execArgv: ['--import', 'tsx'] }));

  it('announces once, relays changes to the others, sums metrics, settles lookups, restarts a dead worker, stops on SIGTERM', async () => {
    await keepingListeners(async () => {
      const terms = process.listeners('SIGTERM');
      const announced: string[] = [];
      const warnings: string[] = [];
      const seen: Array<{ from: number; m: Message }> = [];
      cluster.on('message', (from: Worker, m: Message) => seen.push({ from: from.id, m }));
      const done = runPrimary(
        2,
        (url, models) => announced.push(`${url} ${models.join()}`),
        (w) => warnings.push(w),
      );
      const listening = () => seen.filter((s) => s.m.type === 'flywheel.listening').length;
      await until(() => listening() === 2, 'two workers listening');
      expect(announced).toHaveLength(1);
      const [a, b] = Object.values(cluster.workers!) as Worker[];
      const got = (worker: Worker, type: string) =>
        seen.filter((s) => s.from === worker.id && s.m.type === 'test.got' && s.m.message.type === type);

      // An admin change from a reaches b, not a.
      a!.send({ type: 'test.admin' });
      await until(() => got(b!, 'flywheel.admin').length === 1, 'the change relayed');
      expect(got(b!, 'flywheel.admin')[0]!.m.message.change).toEqual({ op: 'rollback', name: 'm' });
      expect(got(a!, 'flywheel.admin')).toEqual([]);

      // A scrape on a gathers every worker's exposition and sums it.
      a!.send({ type: 'test.collect' });
      await until(() => got(a!, 'flywheel.collected').length === 1, 'the summed metrics');
      const collected = got(a!, 'flywheel.collected')[0]!.m.message;
      expect(collected.id).toBe(70 + a!.id);
      expect(collected.text).toBe(`# TYPE x_total counter\nx_total{w="any"} ${a!.id + b!.id}\n`);

      // Feedback for a request b answered is settled by b; one nobody answered by null.
      a!.send({ type: 'test.ask', requestId: `req-${b!.id}` });
      await until(() => got(a!, 'flywheel.answer').length === 1, 'the lookup');
      expect(got(a!, 'flywheel.answer')[0]!.m.message).toEqual({
        type: 'flywheel.answer',
        id: 90 + a!.id,
        answer: { rows: b!.id },
      });
      a!.send({ type: 'test.ask', requestId: 'req-nobody' });
      await until(() => got(a!, 'flywheel.answer').length === 2, 'the second lookup');
      expect(got(a!, 'flywheel.answer')[1]!.m.message.answer).toBeNull();

      // A worker that dies after it listened is replaced.
      const pid = b!.process.pid;
      b!.send({ type: 'test.exit' });
      await until(() => listening() === 3, 'a replacement worker');
      expect(warnings).toEqual([`worker ${pid} exited (code 1); starting another`]);
      expect(announced).toHaveLength(1);

      // SIGTERM stops every worker, and the primary resolves once they have exited.
      for (const stop of addedHandlers(terms)) (stop as () => void)();
      await done;
      expect(Object.keys(cluster.workers ?? {})).toEqual([]);
    });
  }, 60_000);

  it('stops the server when a worker exits before it listened, saying so (runServer as the primary)', async () => {
    await keepingListeners(async () => {
      process.env.FAKE_WORKER = 'fail';
      const onListening = vi.fn();
      const run = runServer({
        workers: 2,
        writable: false,
        refs: [],
        withPlatform: () => Promise.reject(new Error('the primary opens no workspace')),
        untilStopped: () => new Promise(() => {}),
        onListening,
        warn: () => {},
      });
      delete process.env.FAKE_WORKER;
      const error = (await run.catch((e: unknown) => e)) as FlywheelError;
      expect(error.code).toBe('INTERNAL');
      expect(error.message).toMatch(/^the server stopped: worker \d+ exited \(code 3\) before it listened$/);
      expect(onListening).not.toHaveBeenCalled();
    });
  }, 60_000);
});

describe('runServer in one process and as a cluster worker, on a real socket', () => {
  const dir = tempDir('flywheel-run-server-');
  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    const trained = await runCli([
      '-C',
      dir.path,
      'train',
      '--data',
      IRIS,
      '--target',
      'target',
      '--model',
      'linear',
      '--register',
      'm',
    ]);
    expect(trained.code, trained.stderr).toBe(0);
  }, 60_000);
  afterAll(() => dir.cleanup());

  /** Serve the workspace until `stop` is called; resolves with what it announced. */
  function serve(refs: string[], workers: number, spyOn?: (p: Platform) => void) {
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let announce!: (info: ListeningInfo) => void;
    const listening = new Promise<ListeningInfo>((resolve) => {
      announce = resolve;
    });
    const done = runServer({
      workers,
      writable: false,
      refs,
      host: '127.0.0.1',
      port: 0,
      withPlatform: async (fn) => {
        const p = await openPlatform({ cwd: dir.path, env: {} });
        spyOn?.(p);
        try {
          return await fn(p);
        } finally {
          await p.close();
        }
      },
      untilStopped: () => stopped,
      onListening: announce,
      warn: () => {},
    });
    return { listening, stop, done };
  }

  it('serves until stopped, announcing its address and models', async () => {
    const s = serve(['m:1'], 1);
    const info = await s.listening;
    expect(info).toMatchObject({ writable: false, models: ['m'], workers: 1 });
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${info.url}/health`)).json()).toEqual({ status: 'ok' });
    s.stop();
    await s.done;
    await expect(fetch(`${info.url}/health`)).rejects.toThrow();
  }, 60_000);

  it('as a cluster worker: tells the primary where it listens, applies and answers the primary, asks it for the summed metrics', async () => {
    const sent: Message[] = [];
    const realSend = process.send;
    const role = { isWorker: cluster.isWorker, isPrimary: cluster.isPrimary };
    const warnings: string[] = [];
    await keepingListeners(async () => {
      const messageListeners = process.listeners('message');
      // This process poses as a worker: cluster messages are caught here, the runner's pass on.
      process.send = ((m: Message, ...rest: unknown[]) => {
        if (typeof m?.type === 'string' && m.type.startsWith('flywheel.')) {
          sent.push(m);
          return true;
        }
        return (realSend as (...a: unknown[]) => boolean).call(process, m, ...rest);
      }) as typeof process.send;
      // Only isWorker: node:net asks isPrimary whether to listen itself (it does, on port 0), and
      // runServer takes the worker's path for one worker (a worker of N runs with workers: N).
      Object.assign(cluster, { isWorker: true });
      try {
        const s = serve(['m:1'], 1, (p) => {
          vi.spyOn(p.logger, 'warn').mockImplementation(((m: string) => void warnings.push(m)) as never);
        });
        await until(() => sent.some((m) => m.type === 'flywheel.listening'), 'the announcement');
        const announcement = sent.find((m) => m.type === 'flywheel.listening');
        expect(announcement.models).toEqual(['m']);
        const url: string = announcement.url;
        // The primary's messages reach the peer through the listener it added.
        const [fromPrimary] = process
          .listeners('message')
          .filter((l) => !messageListeners.includes(l)) as Array<(m: unknown) => void>;
        expect(fromPrimary).toBeDefined();

        fromPrimary!({ type: 'flywheel.gather', id: 5 });
        const gathered = sent.find((m) => m.type === 'flywheel.gathered');
        expect(gathered.id).toBe(5);
        expect(gathered.text).toContain('# TYPE ');

        fromPrimary!({ type: 'flywheel.lookup', id: 6, requestId: 'never-answered' });
        expect(sent.find((m) => m.type === 'flywheel.found')).toEqual({
          type: 'flywheel.found',
          id: 6,
          answer: null,
        });

        // A scrape asks the primary for every worker's metrics and answers with the sum it returns.
        const scrape = fetch(`${url}/metrics`).then((r) => r.text());
        await until(() => sent.some((m) => m.type === 'flywheel.collect'), 'the collect request');
        const collect = sent.find((m) => m.type === 'flywheel.collect');
        fromPrimary!({ type: 'flywheel.collected', id: collect.id, text: 'summed_total 7\n' });
        expect(await scrape).toBe('summed_total 7\n');

        // Another worker's changes are applied here in order; one that fails here is logged.
        fromPrimary!({ type: 'flywheel.admin', change: { op: 'aliases' } });
        fromPrimary!({ type: 'flywheel.admin', change: { op: 'unload', name: 'no-such-model' } });
        await until(() => warnings.length > 0, 'the failed change');
        expect(warnings[0]).toMatch(/^a change from another worker failed here: /);
        fromPrimary!({ type: 'flywheel.admin', change: { op: 'rollback', name: 'm' } });
        fromPrimary!({ type: 'not-flywheel' });
        fromPrimary!('not an object');

        s.stop();
        await s.done;
      } finally {
        Object.assign(cluster, role);
        process.send = realSend;
      }
    });
  }, 60_000);
});
