/**
 * Serving on several cores: `flywheel serve --workers N` runs N server processes on one port
 * (node:cluster; the primary accepts connections and hands them out in turn). Each worker opens the
 * workspace and serves on its own — models, batching, prediction log segments (named by pid), alias
 * polling and hot swap need nothing shared. Two things do:
 *
 * - **Admin changes** (load, unload, routing, rollback, alias moves) reach one worker; it applies
 *   the change, answers, and sends it through the primary to every other worker, which applies the
 *   same change (an alias move makes them poll the registry at once). Each worker therefore sees the
 *   same sequence of changes, so a rollback undoes the same routing everywhere. A change reaches
 *   the others a few milliseconds after the answer.
 * - **`/metrics`** asks the primary for every worker's exposition and returns their sum (counters,
 *   histogram buckets, sums and counts, and gauges such as queue depth, add up across processes),
 *   so one scrape sees the whole server.
 * - **`/feedback`** for a request id this worker did not answer asks the others, through the
 *   primary, whether one of them did (and with how many rows), so a label is checked wherever the
 *   connection that carries it lands.
 *
 * The primary restarts a worker that dies unexpectedly, forwards SIGTERM, and exits when all
 * workers have drained and flushed their logs.
 */
import cluster, { type Worker } from 'node:cluster';
import type { AnsweredRequest, RoutingTable, ServingService } from '../serving/index.js';

/** An admin change applied on one worker, to be applied on the others. */
export type AdminChange =
  | { op: 'load'; spec: Parameters<ServingService['load']>[0] }
  | { op: 'unload'; name: string }
  | { op: 'route'; name: string; table: RoutingTable }
  | { op: 'rollback'; name: string }
  | { op: 'aliases' };

/** What a server in a cluster worker uses to stay in step with the others. */
export interface ClusterPeer {
  /** Send a change applied here to every other worker. */
  broadcast(change: AdminChange): void;
  /** The metrics of all workers, summed (`local` is this worker's exposition). */
  metrics(local: string): Promise<string>;
}

type Message =
  | { type: 'flywheel.admin'; change: AdminChange }
  | { type: 'flywheel.collect'; id: number }
  | { type: 'flywheel.gather'; id: number }
  | { type: 'flywheel.gathered'; id: number; text: string }
  | { type: 'flywheel.collected'; id: number; text: string }
  | { type: 'flywheel.listening'; url: string; models: string[] }
  | { type: 'flywheel.ask'; id: number; requestId: string }
  | { type: 'flywheel.lookup'; id: number; requestId: string }
  | { type: 'flywheel.found'; id: number; answer: AnsweredRequest | null }
  | { type: 'flywheel.answer'; id: number; answer: AnsweredRequest | null };

const isMessage = (m: unknown): m is Message =>
  typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';

/** How long `/metrics` waits for the other workers. */
const GATHER_MS = 2000;

/** Apply a change that another worker made. */
async function apply(serving: ServingService, change: AdminChange): Promise<void> {
  switch (change.op) {
    case 'load':
      await serving.load(change.spec);
      return;
    case 'unload':
      await serving.unload(change.name);
      return;
    case 'route':
      await serving.route(change.name, change.table);
      return;
    case 'rollback':
      await serving.rollback(change.name);
      return;
    case 'aliases':
      await serving.pollAliases();
      return;
  }
}

/**
 * The peer of this process when it is a cluster worker (undefined otherwise): applies the other
 * workers' changes to `serving`, answers the primary's metrics requests, and sends its own.
 */
export function workerPeer(
  serving: ServingService,
  warn: (message: string) => void,
): ClusterPeer | undefined {
  if (!cluster.isWorker || !process.send) return undefined;
  const send = (m: Message) => process.send?.(m);
  const waiting = new Map<number, (text: string) => void>();
  let next = 0;
  // Changes from the others are applied one at a time, in the order they arrive.
  let queue = Promise.resolve();
  process.on('message', (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.type === 'flywheel.admin') {
      queue = queue
        .then(() => apply(serving, m.change))
        .catch((e: unknown) =>
          warn(`a change from another worker failed here: ${e instanceof Error ? e.message : String(e)}`),
        );
    } else if (m.type === 'flywheel.gather') {
      send({ type: 'flywheel.gathered', id: m.id, text: serving.metrics.render() });
    } else if (m.type === 'flywheel.collected') {
      waiting.get(m.id)?.(m.text);
      waiting.delete(m.id);
    } else if (m.type === 'flywheel.lookup') {
      send({ type: 'flywheel.found', id: m.id, answer: serving.answered.get(m.requestId) ?? null });
    } else if (m.type === 'flywheel.answer') {
      asked.get(m.id)?.(m.answer ?? undefined);
      asked.delete(m.id);
    }
  });
  const asked = new Map<number, (answer: AnsweredRequest | undefined) => void>();
  serving.answeredElsewhere = (requestId) =>
    new Promise((resolve) => {
      const id = next++;
      const timer = setTimeout(() => {
        asked.delete(id);
        resolve(undefined);
      }, GATHER_MS + 500);
      asked.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      send({ type: 'flywheel.ask', id, requestId });
    });
  return {
    broadcast: (change) => send({ type: 'flywheel.admin', change }),
    metrics: (local) =>
      new Promise((resolve) => {
        const id = next++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve(local);
        }, GATHER_MS + 500);
        waiting.set(id, (text) => {
          clearTimeout(timer);
          resolve(text);
        });
        send({ type: 'flywheel.collect', id });
      }),
  };
}

/** Tell the primary where this worker listens (it prints the address once). */
export function announceListening(url: string, models: string[]): void {
  if (cluster.isWorker) process.send?.({ type: 'flywheel.listening', url, models } satisfies Message);
}

/**
 * The primary: fork `workers` processes running the same command, relay admin changes and metrics
 * between them, restart one that dies unexpectedly, and resolve once all have exited after a stop
 * signal. `onListening` is called once, when the first worker listens.
 */
export function runPrimary(
  workers: number,
  onListening: (url: string, models: string[]) => void,
  warn: (message: string) => void,
): Promise<void> {
  let stopping = false;
  let announced = false;
  const listening = new Set<number>();
  const restarts: number[] = [];
  interface Round {
    asker: Worker;
    askerId: number;
    texts: string[];
    expected: number;
    timer: NodeJS.Timeout;
  }
  const rounds = new Map<number, Round>();
  let nextRound = 0;
  /** Open `/feedback` lookups: who asked, and how many of the others have yet to answer. */
  const lookups = new Map<
    number,
    { asker: Worker; askerId: number; pending: number; timer: NodeJS.Timeout }
  >();
  const answerLookup = (id: number, answer: AnsweredRequest | null) => {
    const lookup = lookups.get(id);
    if (!lookup) return;
    clearTimeout(lookup.timer);
    lookups.delete(id);
    if (lookup.asker.isConnected())
      lookup.asker.send({ type: 'flywheel.answer', id: lookup.askerId, answer } satisfies Message);
  };
  // Workers not yet exited (cluster.workers may still list one while its 'exit' event runs).
  const running = new Map<number, Worker>();
  const fork = () => {
    const w = cluster.fork();
    running.set(w.id, w);
  };
  const live = () => [...running.values()];
  const finishRound = (id: number) => {
    const round = rounds.get(id);
    if (!round) return;
    clearTimeout(round.timer);
    rounds.delete(id);
    if (round.asker.isConnected()) {
      const text = mergeMetrics(round.texts);
      round.asker.send({ type: 'flywheel.collected', id: round.askerId, text } satisfies Message);
    }
  };
  cluster.on('message', (from: Worker, m: unknown) => {
    if (!isMessage(m)) return;
    if (m.type === 'flywheel.listening') {
      listening.add(from.id);
      if (!announced) onListening(m.url, m.models);
      announced = true;
    } else if (m.type === 'flywheel.admin') {
      for (const w of live()) if (w !== from && w.isConnected()) w.send(m);
    } else if (m.type === 'flywheel.collect') {
      // One round per scrape: every worker (the asker too) answers with its exposition.
      const targets = live().filter((w) => w.isConnected());
      const id = nextRound++;
      const timer = setTimeout(() => finishRound(id), GATHER_MS);
      rounds.set(id, { asker: from, askerId: m.id, texts: [], expected: targets.length, timer });
      for (const w of targets) w.send({ type: 'flywheel.gather', id } satisfies Message);
    } else if (m.type === 'flywheel.ask') {
      // The first worker that answered the id settles it; none (or no answer in time): unknown.
      const others = live().filter((w) => w !== from && w.isConnected());
      const id = nextRound++;
      const timer = setTimeout(() => answerLookup(id, null), GATHER_MS);
      lookups.set(id, { asker: from, askerId: m.id, pending: others.length, timer });
      if (others.length === 0) answerLookup(id, null);
      for (const w of others)
        w.send({ type: 'flywheel.lookup', id, requestId: m.requestId } satisfies Message);
    } else if (m.type === 'flywheel.found') {
      const lookup = lookups.get(m.id);
      if (!lookup) return;
      lookup.pending--;
      if (m.answer !== null || lookup.pending <= 0) answerLookup(m.id, m.answer);
    } else if (m.type === 'flywheel.gathered') {
      const round = rounds.get(m.id);
      if (!round) return;
      round.texts.push(m.text);
      if (round.texts.length >= round.expected) finishRound(m.id);
    }
  });
  for (let i = 0; i < workers; i++) fork();
  return new Promise((resolve, reject) => {
    let failure: Error | undefined;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      for (const w of live()) w.process.kill('SIGTERM');
      if (live().length === 0) settle();
    };
    const settle = () => (failure ? reject(failure) : resolve());
    cluster.on('exit', (worker, code, signal) => {
      running.delete(worker.id);
      const how = signal ?? `code ${code}`;
      if (!stopping) {
        const now = Date.now();
        restarts.push(now);
        while (restarts[0]! < now - 60_000) restarts.shift();
        // A worker that never listened failed to start (the others would too); one that keeps
        // dying would only loop: stop the server instead of restarting for ever.
        if (!listening.has(worker.id) || restarts.length > 5) {
          failure = new Error(
            `worker ${worker.process.pid} exited (${how}) ${listening.has(worker.id) ? 'for the sixth time in a minute' : 'before it listened'}`,
          );
          stop();
          return;
        }
        warn(`worker ${worker.process.pid} exited (${how}); starting another`);
        fork();
        return;
      }
      if (live().length === 0) settle();
    });
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * Sum Prometheus expositions sample by sample (same metric name and labels): right for counters,
 * histogram buckets, sums and counts, and for gauges that add up across processes. Each family
 * stays together — its `# HELP` and `# TYPE` lines once, then its samples — in first-seen order, as
 * the text format requires.
 */
export function mergeMetrics(texts: readonly string[]): string {
  const families = new Map<string, { comments: string[]; samples: Map<string, number> }>();
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) {
      f = { comments: [], samples: new Map() };
      families.set(name, f);
    }
    return f;
  };
  for (const text of texts) {
    let current: string | undefined;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      if (line.startsWith('#')) {
        const name = /^# (?:HELP|TYPE) (\S+)/.exec(line)?.[1];
        if (name === undefined) continue;
        current = name;
        const f = family(name);
        if (!f.comments.includes(line)) f.comments.push(line);
        continue;
      }
      const space = line.lastIndexOf(' ');
      const key = line.slice(0, space);
      const metric = /^[^{\s]+/.exec(key)![0];
      // Samples belong to the family announced above them (a histogram's _bucket, _sum, _count).
      const f = family(current !== undefined && metric.startsWith(current) ? current : metric);
      f.samples.set(key, (f.samples.get(key) ?? 0) + Number(line.slice(space + 1)));
    }
  }
  const lines: string[] = [];
  for (const f of families.values()) {
    lines.push(...f.comments);
    for (const [key, value] of f.samples) lines.push(`${key} ${formatValue(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}
