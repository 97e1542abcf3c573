/**
 * The serving service: endpoints (one per model name) with their versions and routing, hot swap
 * on alias moves seen in the audit log, admin operations, feedback and graceful close. Predict
 * requests go through the one pipeline of pipeline.ts.
 */
import { FlywheelError, type Logger } from '../core/index.js';
import type { ConfidencePolicy } from '../models/index.js';
import { throughOnnxRuntime } from '../onnx/import/index.js';
import {
  DEFAULT_LOG,
  type LogSink,
  PredictionLog,
  type PredictionLogOptions,
} from '../prediction-log/index.js';
import type { CompiledSuite } from '../validation/index.js';
import { AnsweredIds, type AnsweredRequest } from './answered.js';
import { Endpoint, type EndpointDeps } from './endpoint.js';
import { checkEndpointName } from './endpoint-name.js';
import { checkFeedback, unknownRequest } from './feedback.js';
import { ServingMetrics } from './metrics.js';
import type { ModelSource } from './model-source.js';
import {
  type AnswerReply,
  type BatchOptions,
  DEFAULT_BATCH,
  Pipeline,
  type PredictRequest,
  type PredictResult,
} from './pipeline/index.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import type { RoutingTable } from './routing.js';

/** One endpoint to serve. */
export interface EndpointSpec {
  /** A model reference: `churn@production` (followed: hot swap on alias moves) or `churn:3`. */
  ref: string;
  /** Endpoint name (default: the model name). */
  name?: string;
  suite?: CompiledSuite;
  confidence?: ConfidencePolicy;
  /**
   * Request keys that are neither features nor columns of the suite: refused with a 400 listing
   * them (the default), or ignored.
   */
  unknownKeys?: 'refuse' | 'ignore';
  /** `onnx`: score a Flywheel-trained model through ONNX Runtime on its exported graph (to compare). */
  runtime?: 'native' | 'onnx';
}

/** Service settings. */
export interface ServingOptions {
  batch?: Partial<BatchOptions>;
  log?: Partial<PredictionLogOptions>;
  sink: LogSink;
  /** Per-client rate limit (none by default). */
  rateLimit?: RateLimitOptions;
  /** How often to look for alias moves in the shared audit log (ms; 0 disables polling). */
  pollMs?: number;
  logger?: Logger;
  /** How many answered request ids `/feedback` can check labels against (default 100,000). */
  rememberAnswers?: number;
}

/** What `predict` takes besides the endpoint name: parsed rows, and how to route them. */
export type PredictInput = Omit<PredictRequest, 'rows' | 'body'> & { rows: unknown };

/** Serves models. */
export class ServingService {
  readonly metrics = new ServingMetrics();
  readonly log: PredictionLog;
  /** The per-client rate limiter, when one is configured. */
  readonly limiter: RateLimiter | undefined;
  /** The requests this process answered (newest `rememberAnswers`): what feedback is checked against. */
  readonly answered: AnsweredIds;
  /**
   * Asks the other processes of a cluster (`serve --workers N`) whether one of them answered an
   * id this one does not know; set by the cluster peer.
   */
  answeredElsewhere: ((id: string) => Promise<AnsweredRequest | undefined>) | undefined;
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly specs = new Map<string, EndpointSpec>();
  private readonly history = new Map<string, RoutingTable[]>();
  private cursor = -1;
  private poller: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly batch: BatchOptions;
  private readonly pipeline: Pipeline;

  constructor(
    private readonly source: ModelSource,
    private readonly options: ServingOptions,
  ) {
    this.batch = { ...DEFAULT_BATCH, ...options.batch };
    this.log = new PredictionLog(options.sink, {
      ...DEFAULT_LOG,
      ...options.log,
      onDrop: (n) => this.metrics.inc('flywheel_serving_prediction_log_dropped_total', {}, n),
      onWrite: (n) => this.metrics.inc('flywheel_serving_prediction_log_written_total', {}, n),
    });
    this.answered = new AnsweredIds(options.rememberAnswers);
    this.pipeline = new Pipeline(this.metrics, this.log, this.answered);
    this.limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
  }

  /** Load the endpoints and start following their aliases. */
  async start(specs: readonly EndpointSpec[]): Promise<void> {
    this.cursor = (await this.source.aliasMoves(-1)).cursor;
    for (const spec of specs) await this.load(spec);
    const pollMs = this.options.pollMs ?? 1000;
    if (pollMs > 0) {
      this.poller = setInterval(
        () => void this.pollAliases().catch((e: unknown) => this.warn('alias poll failed', e)),
        pollMs,
      );
      this.poller.unref();
    }
  }

  /** Whether every endpoint has a version loaded and the service is not shutting down. */
  get ready(): boolean {
    return !this.closing;
  }

  /** Endpoint names. */
  names(): string[] {
    return [...this.endpoints.keys()].sort();
  }

  /** An endpoint by name (NOT_FOUND otherwise). */
  endpoint(name: string): Endpoint {
    const e = this.endpoints.get(name);
    if (!e) {
      throw new FlywheelError('NOT_FOUND', `no model "${name}" is served here`, {
        hint: `Served models: ${this.names().join(', ') || 'none'}. Load one with POST /admin/models.`,
      });
    }
    return e;
  }

  /** Load (or replace) an endpoint. */
  async load(spec: EndpointSpec): Promise<{ name: string; version: number }> {
    if (spec.name !== undefined) checkEndpointName(spec.name, 'the endpoint name');
    const resolved = await this.source.resolve(spec.ref);
    const name = spec.name ?? resolved.name;
    if (spec.name === undefined) checkEndpointName(name, `the model name of ${spec.ref}`);
    const deps = this.endpointDeps(resolved.name, name, spec.runtime ?? 'native');
    const first = await Endpoint.loadVersion(deps, resolved.version);
    const at = spec.ref.indexOf('@');
    const alias = at > 0 ? spec.ref.slice(at + 1) : null;
    const ignoreUnknown = spec.unknownKeys === 'ignore';
    this.endpoints.set(name, new Endpoint(resolved.name, alias, spec.suite, deps, first, ignoreUnknown));
    this.specs.set(name, spec);
    await this.audit('deployment.create', resolved.name, {
      version: resolved.version,
      endpoint: name,
      ref: spec.ref,
    });
    return { name, version: resolved.version };
  }

  /** Stop serving an endpoint. */
  async unload(name: string): Promise<void> {
    const e = this.endpoint(name);
    this.endpoints.delete(name);
    await this.audit('deployment.delete', e.name, { version: e.primary.version, endpoint: name });
  }

  private endpointDeps(model: string, endpoint: string, runtime: 'native' | 'onnx'): EndpointDeps {
    return {
      load: async (version) => {
        const loaded = await this.source.load(model, version);
        return runtime === 'onnx' ? throughOnnxRuntime(loaded, `${model}:${version}`) : loaded;
      },
      batch: this.batch,
      observer: (version) => {
        const labels = { model: endpoint, version: String(version) };
        const batch = this.metrics.handle('flywheel_serving_batch_size', labels);
        this.metrics.set('flywheel_serving_queue_depth', labels, 0);
        return {
          batch: (rows) => batch.observe(rows),
          depth: (rows) => this.metrics.set('flywheel_serving_queue_depth', labels, rows),
        };
      },
    };
  }

  /** Change an endpoint's routing at runtime (the previous table is kept for rollback). */
  async route(name: string, table: RoutingTable): Promise<RoutingTable> {
    const e = this.endpoint(name);
    const before = e.table;
    await e.route(table);
    const h = this.history.get(name) ?? [];
    h.push(before);
    this.history.set(name, h.slice(-20));
    await this.audit('deployment.route', e.name, {
      version: e.primary.version,
      endpoint: name,
      routing: e.table,
    });
    return e.table;
  }

  /** Restore the routing before the last change. */
  async rollback(name: string): Promise<RoutingTable> {
    const e = this.endpoint(name);
    const previous = this.history.get(name)?.pop();
    if (!previous) {
      throw new FlywheelError('CONFLICT', `endpoint "${name}" has no earlier routing to roll back to`, {
        hint: 'Set the routing you want with PUT /admin/models/NAME/routing.',
      });
    }
    await e.route(previous);
    await this.audit('deployment.rollback', e.name, {
      version: e.primary.version,
      endpoint: name,
      routing: e.table,
    });
    return e.table;
  }

  /** Swap an endpoint's primary version (what an alias move does). */
  async swap(name: string, version: number): Promise<void> {
    const e = this.endpoint(name);
    try {
      const { from, to } = await e.swap(version);
      this.metrics.inc('flywheel_serving_swaps_total', { model: name, result: 'ok' });
      await this.audit('deployment.swap', e.name, { version: to, from, endpoint: name });
    } catch (error) {
      this.metrics.inc('flywheel_serving_swaps_total', { model: name, result: 'failed' });
      this.warn(`keeping ${name}:${e.primary.version}; version ${version} failed its checks`, error);
      await this.audit('deployment.swap_failed', e.name, { version, endpoint: name, error: String(error) });
      throw error;
    }
  }

  /** Apply alias moves recorded since the last poll (by this or another replica). */
  async pollAliases(): Promise<number> {
    const { cursor, moves } = await this.source.aliasMoves(this.cursor);
    this.cursor = cursor;
    let swapped = 0;
    for (const move of moves) {
      if (move.to === null) continue;
      for (const [name, e] of this.endpoints) {
        if (e.name !== move.name || e.alias !== move.alias) continue;
        await this.swap(name, move.to).then(
          () => swapped++,
          () => undefined,
        );
      }
    }
    return swapped;
  }

  /** Move an alias in the registry (audited) and follow it here at once. */
  async moveAlias(name: string, alias: string, version: number): Promise<number> {
    await this.source.moveAlias(name, alias, version);
    return this.pollAliases();
  }

  /**
   * Record a true label for an earlier request: NOT_FOUND unless this server (any of its workers)
   * answered that id and still remembers it; INVALID_ARGUMENT when the label does not fit the
   * request's rows or `model` is not the endpoint that answered (feedback.ts).
   */
  async feedback(requestId: string, label: unknown, model?: string): Promise<void> {
    const answered = this.answered.get(requestId) ?? (await this.answeredElsewhere?.(requestId));
    if (answered === undefined) throw unknownRequest(requestId, this.answered.capacity);
    const logged = checkFeedback(requestId, answered, label, model);
    this.log.add({
      kind: 'feedback',
      time: Date.now(),
      request_id: requestId,
      label: logged,
      model: answered.model,
    });
  }

  /**
   * Predict rows (parsed JSON, or a protocol's rows) through the pipeline; with a durable log,
   * resolves once the record is on disk.
   */
  async predict(name: string, input: PredictInput): Promise<PredictResult> {
    const answer = await new Promise<string>((resolve, reject) =>
      this.submit(name, { ...input, rows: () => input.rows }, (error, a) =>
        error === null ? resolve(a!.json) : reject(error),
      ),
    );
    await this.logged();
    return JSON.parse(answer) as PredictResult;
  }

  /**
   * Resolves when the records logged so far may be answered for: at once, or with a durable log
   * (serve.yaml `log.durable`) once they are written and fsynced; rejects when one could not be.
   */
  logged(): Promise<void> {
    return this.log.durable ? this.log.sync() : Promise.resolve();
  }

  /**
   * A predict request for endpoint `name` through the pipeline (pipeline.ts): `reply` gets the
   * answer's JSON text or the error, once (NOT_FOUND for an unknown endpoint included). The caller
   * answers a success only after `logged()`.
   */
  submit(name: string, request: PredictRequest, reply: AnswerReply): void {
    const e = this.endpoints.get(name);
    if (e === undefined) {
      let error: unknown;
      try {
        this.endpoint(name);
      } catch (notFound) {
        error = notFound;
      }
      reply(error, undefined);
      return;
    }
    this.pipeline.run(name, e, request, this.specs.get(name)?.confidence, reply);
  }

  /**
   * The sticky-routing key among a request's headers (lower-case names) for endpoint `name`:
   * the value of its sticky header, when its routing has one (NOT_FOUND for an unknown endpoint).
   */
  stickyKey(name: string, headers: Readonly<Record<string, unknown>>): string | undefined {
    return stickyKeyOf(this.endpoint(name), headers);
  }

  private async audit(kind: string, model: string, data: Record<string, unknown>): Promise<void> {
    // The structured log line and the audit event carry the same facts.
    this.options.logger?.info(kind, { model, ...data });
    await this.source
      .audit(kind, model, data)
      .catch((e: unknown) => this.warn(`could not record ${kind}`, e));
  }

  private warn(message: string, error: unknown): void {
    this.options.logger?.warn(`${message}: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** Stop following aliases, wait for in-flight requests, flush the log. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.poller) clearInterval(this.poller);
    for (let i = 0; i < 200 && this.pipeline.inflight > 0; i++) await new Promise((r) => setTimeout(r, 10));
    await this.log.close();
  }
}

function stickyKeyOf(e: Endpoint, headers: Readonly<Record<string, unknown>>): string | undefined {
  const header = e.table.stickyHeader;
  const value = header === null ? undefined : headers[header];
  return typeof value === 'string' ? value : undefined;
}
