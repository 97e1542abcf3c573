/**
 * The predict path of one request: pick the version (pinned, sticky or weighted), validate the rows
 * against its schema and the endpoint's suite, score through the batcher, format, record metrics
 * and the prediction log, then (after the answer) run the shadow version, whose results are logged
 * and whose failures are only counted.
 */
import { randomUUID } from 'node:crypto';
import { FlywheelError } from '../core/index.js';
import type { ConfidencePolicy } from '../evaluation/index.js';
import { describeFeatureCheck, type FeatureNames, type FeatureRow } from '../models/index.js';
import type { PredictionLog, PredictionRecord } from '../prediction-log/index.js';
import type { AnsweredIds } from './answered.js';
import type { Endpoint, LoadedVersion } from './endpoint.js';
import type { Handle, ServingMetrics } from './metrics.js';
import { explainRows, type FormattedOutputs, formatOutputs } from './outputs.js';
import { type CheckedRows, checkRows, type RequestProblem, requestNames } from './request-check.js';
import { pickVersion } from './routing.js';

/** What a predict call needs besides the endpoint name. */
export interface PredictInput {
  rows: unknown;
  version?: number;
  stickyKey?: string;
  requestId?: string;
  explain?: boolean;
}

/** A prediction answer. */
export interface PredictResult extends FormattedOutputs {
  request_id: string;
  model: string;
  model_version: number;
  explanations?: Array<Record<string, number>>;
}

/**
 * A 400 listing every problem of a request; when a row was refused for its names, the message
 * says which features it lacks and which keys are unknown (with "did you mean").
 */
export function invalidRequest(
  problems: RequestProblem[],
  names?: { refused: NonNullable<CheckedRows['refusedNames']>; features: readonly string[] },
): FlywheelError {
  const first = problems[0];
  const what = names
    ? `row ${names.refused.row} ${describeFeatureCheck(names.refused.check, names.features, 'key')}`
    : first
      ? `first: ${first.field} expected ${first.expected}, got ${first.got}`
      : '';
  return new FlywheelError(
    'INVALID_ARGUMENT',
    `the request has ${problems.length} problem(s)${what ? `, ${what}` : ''}`,
    {
      hint: names
        ? 'Send every feature by its exact name (null for a missing value) and no other keys; GET /v2/models/NAME lists the inputs.'
        : 'Fix every listed field; GET /v2/models/NAME lists the inputs and their types.',
      details: { problems },
    },
  );
}

/** Runs requests; counts those in flight (graceful shutdown waits for them). */
export class Predictor {
  /** Requests being answered now. */
  inflight = 0;
  private readonly hot = new WeakMap<LoadedVersion, { duration: Handle; ok: Handle }>();
  private readonly names = new WeakMap<LoadedVersion, { names: FeatureNames; keys: number }>();

  constructor(
    private readonly metrics: ServingMetrics,
    private readonly log: PredictionLog,
    private readonly answered: AnsweredIds,
  ) {}

  /**
   * Validate, route, predict, log; the shadow runs after the answer and never touches it. The answer
   * comes synchronously when the batcher scores on this turn (nothing queued, no wait configured),
   * else as a promise; a bad request throws synchronously either way.
   */
  run(
    name: string,
    e: Endpoint,
    input: PredictInput,
    confidence?: ConfidencePolicy,
  ): PredictResult | Promise<PredictResult> {
    const started = performance.now();
    const requestId = input.requestId ?? randomUUID();
    const target = this.pick(e, input);
    const names = this.namesOf(e, target);
    const checked = checkRows(target.model.schema, input.rows, { suite: e.suite, names });
    if (checked.problems.length > 0) {
      this.metrics.inc('flywheel_serving_errors_total', { model: name, code: 'INVALID_ARGUMENT' });
      const refused = checked.refusedNames;
      throw invalidRequest(checked.problems, refused && { refused, features: names.features });
    }
    const imputed = checked.imputed && Object.fromEntries(checked.imputed);
    if (imputed)
      for (const [feature, rows] of Object.entries(imputed))
        this.metrics.inc('flywheel_serving_features_imputed_total', { model: name, feature }, rows);
    const o = { started, requestId, confidence, explain: input.explain, imputed };
    let now: Float64Array | undefined;
    try {
      now = target.batcher.scoreNow(checked.rows);
      if (now !== undefined) return this.answer(name, e, target, checked.rows, now, o);
    } catch (error) {
      throw this.counted(name, error);
    }
    this.inflight++;
    return target.batcher
      .predict(checked.rows)
      .then((values) => this.answer(name, e, target, checked.rows, values, o))
      .catch((error: unknown) => {
        throw this.counted(name, error);
      })
      .finally(() => {
        this.inflight--;
      });
  }

  /** The name rule of requests to a version on this endpoint (built once per loaded version). */
  private namesOf(e: Endpoint, target: LoadedVersion): FeatureNames {
    let cached = this.names.get(target);
    if (cached === undefined || cached.keys !== e.clientKeys.size) {
      const { schema, info } = target.model;
      const names = requestNames(schema, info, e.suite, e.acceptUnknownKeys, e.clientKeys);
      cached = { names, keys: e.clientKeys.size };
      this.names.set(target, cached);
    }
    return cached.names;
  }

  private counted(name: string, error: unknown): unknown {
    return this.metrics.countError(name, error);
  }

  /** Format the answer, count it, log it, start the shadow. */
  private answer(
    name: string,
    e: Endpoint,
    target: LoadedVersion,
    rows: FeatureRow[],
    values: Float64Array,
    o: {
      started: number;
      requestId: string;
      confidence?: ConfidencePolicy;
      explain?: boolean;
      imputed?: Record<string, number>;
    },
  ): PredictResult {
    const out = formatOutputs(target.model, values, rows.length, o.confidence);
    const result: PredictResult = {
      request_id: o.requestId,
      model: name,
      model_version: target.version,
      ...out,
    };
    if (o.explain) result.explanations = explainRows(target.model, rows, values);
    const seconds = (performance.now() - o.started) / 1000;
    const hot = this.hotMetrics(name, target);
    hot.duration.observe(seconds);
    hot.ok.inc();
    this.record(name, target.version, 'primary', o.requestId, seconds, rows, out, o.imputed);
    this.answered.add(o.requestId, name, rows.length);
    const shadow = e.table.shadow;
    if (shadow !== null && shadow !== target.version) this.shadow(name, e, shadow, rows, o.requestId);
    return result;
  }

  private hotMetrics(name: string, target: LoadedVersion) {
    let m = this.hot.get(target);
    if (!m) {
      m = this.metrics.requestHandles(name, target.version);
      this.hot.set(target, m);
    }
    return m;
  }

  private pick(e: Endpoint, input: PredictInput): LoadedVersion {
    const version = input.version ?? pickVersion(e.table, input.stickyKey);
    const target = e.version(version);
    if (!target) {
      throw new FlywheelError('NOT_FOUND', `version ${version} of "${e.name}" is not loaded here`, {
        hint: `Loaded versions: ${e.versions().join(', ')}.`,
      });
    }
    return target;
  }

  private shadow(name: string, e: Endpoint, version: number, rows: FeatureRow[], requestId: string): void {
    setImmediate(() => {
      const started = performance.now();
      const target = e.version(version);
      if (!target) return;
      target.batcher
        .predict(rows)
        .then((values) => {
          const out = formatOutputs(target.model, values, rows.length);
          this.record(name, version, 'shadow', requestId, (performance.now() - started) / 1000, rows, out);
        })
        // Any failure of the shadow, scoring or formatting, is counted and goes no further.
        .catch(() => this.metrics.inc('flywheel_serving_shadow_errors_total', { model: name }));
    });
  }

  private record(
    name: string,
    version: number,
    route: 'primary' | 'shadow',
    requestId: string,
    seconds: number,
    rows: FeatureRow[],
    out: Pick<FormattedOutputs, 'predictions' | 'probabilities'>,
    imputed?: Record<string, number>,
  ): void {
    const record: PredictionRecord = {
      kind: 'prediction',
      time: Date.now(),
      request_id: requestId,
      model: name,
      version,
      route,
      latency_ms: seconds * 1000,
      features: rows,
      prediction: out.predictions,
      probabilities: out.probabilities,
    };
    if (imputed) record.imputed = imputed;
    this.log.add(record);
  }
}
