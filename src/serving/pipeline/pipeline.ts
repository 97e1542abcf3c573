/**
 * The predict pipeline: the one path of every predict request, whatever protocol or transport
 * brought it (plain `/predict`, OIP v2, `/invocations`, the library), in explicit stages:
 *
 *   route  → the version: pinned, sticky or weighted (routing.ts); it needs only the headers, and
 *            both decoders read rows against the routed version's schema, so it comes first
 *   decode → the rows, by one of two decoders (decode.ts): the body's bytes straight into the
 *            version's matrix (the accelerator), or JSON.parse's rows (the reference)
 *   check  → the reference decoder's rows checked against the schema and the endpoint's suite,
 *            every problem in one 400 (request-check.ts); the accelerator takes only rows those
 *            checks pass unchanged, and declines the rest
 *   score  → the version's batcher: a turn's requests in one kernel pass (batcher.ts)
 *   format → the answer's JSON text from the values (outputs.ts AnswerWriter)
 *   log    → latency and answer metrics, the prediction log's record, the answered id; after the
 *            answer, the shadow version scores the same rows and is logged (never answered)
 *
 * Only the decode stage has two implementations; an answer is byte for byte the same whichever
 * decoder read its body (pipeline.test.ts compares them on random bodies).
 */
import { randomUUID } from 'node:crypto';
import { FlywheelError } from '../../core/index.js';
import { type ConfidencePolicy, type FeatureRow, storedPolicy } from '../../models/index.js';
import type { PredictionLog, PredictionRecord } from '../../prediction-log/index.js';
import type { AnsweredIds } from '../answered.js';
import type { Endpoint, LoadedVersion } from '../endpoint.js';
import type { Handle, ServingMetrics } from '../metrics.js';
import { pickVersion } from '../routing.js';
import type { Scored } from './batcher.js';
import { type DecodedRows, decodeBytes, decodeRows } from './decode.js';
import { AnswerWriter, explainRows, type FormattedOutputs } from './outputs.js';

/** A predict request as a transport or protocol hands it over. */
export interface PredictRequest {
  /** The `{"rows": [...]}` body's bytes, when the transport has them: the fast decoder tries them. */
  body?: Buffer;
  /** The rows as parsed (called when there are no bytes, or the fast decoder declines them). */
  rows(): unknown;
  version?: number;
  stickyKey?: string;
  requestId?: string;
  explain?: boolean;
}

/** An answer: its JSON text and request id. */
export interface Answer {
  requestId: string;
  json: string;
}

/** Where an answer goes: `error` set (the request failed), or the answer. */
export type AnswerReply = (error: unknown, answer: Answer | undefined) => void;

/** A prediction answer, parsed (the library's and the protocols' view of `Answer.json`). */
export interface PredictResult extends FormattedOutputs {
  request_id: string;
  model: string;
  model_version: number;
  explanations?: Array<Record<string, number>>;
}

/** What the format and log stages keep per served version. */
interface VersionStage {
  writer: AnswerWriter;
  duration: Handle;
  ok: Handle;
}

/** Runs predict requests through the stages; counts those in flight (graceful shutdown waits). */
export class Pipeline {
  /** Requests decoded and waiting for their scores. */
  inflight = 0;
  private readonly stages = new WeakMap<LoadedVersion, VersionStage>();

  constructor(
    private readonly metrics: ServingMetrics,
    private readonly log: PredictionLog,
    private readonly answered: AnsweredIds,
  ) {}

  /** Route, decode, check, score, format, log; `reply` is called once (maybe before this returns). */
  run(
    name: string,
    e: Endpoint,
    request: PredictRequest,
    confidence: ConfidencePolicy | undefined,
    reply: AnswerReply,
  ): void {
    const started = performance.now();
    const requestId = request.requestId ?? randomUUID();
    let target: LoadedVersion;
    let rows: DecodedRows;
    try {
      target = route(e, request);
      rows =
        (request.body !== undefined && !request.explain && decodeBytes(e, target, request.body)) ||
        decodeRows(e, target, request.rows());
    } catch (error) {
      reply(this.metrics.countError(name, error), undefined);
      return;
    }
    if (rows.kind === 'objects' && rows.imputed)
      for (const [feature, n] of Object.entries(rows.imputed))
        this.metrics.inc('flywheel_serving_features_imputed_total', { model: name, feature }, n);
    const stage = this.stage(name, target, confidence);
    const scored: Scored = (error, values) => {
      this.inflight--;
      if (error !== null) reply(this.metrics.countError(name, error), undefined);
      else reply(null, this.answer(name, e, target, stage, rows, values!, requestId, started, request));
    };
    this.inflight++;
    const full =
      rows.kind === 'bytes'
        ? target.batcher.submitRaw(rows.at, rows.rows, scored)
        : target.batcher.submitRows(rows.objects, scored);
    if (full) {
      this.inflight--;
      reply(this.metrics.countError(name, full), undefined);
    }
  }

  /** Format the answer, count it, log it, start the shadow. */
  private answer(
    name: string,
    e: Endpoint,
    target: LoadedVersion,
    stage: VersionStage,
    rows: DecodedRows,
    values: Float64Array,
    requestId: string,
    started: number,
    request: PredictRequest,
  ): Answer {
    const { writer } = stage;
    writer.write(values, rows.rows);
    const explanations =
      request.explain && rows.kind === 'objects'
        ? explainRows(target.model, rows.objects, values)
        : undefined;
    const json = writer.json(requestId, explanations);
    const seconds = (performance.now() - started) / 1000;
    stage.duration.observe(seconds);
    stage.ok.inc();
    const base = { time: Date.now(), request_id: requestId, model: name, version: target.version };
    if (rows.kind === 'bytes') {
      // The request's rows and the answer's texts as they are: nothing parsed or formatted for it.
      const { predictions: prediction, probabilities } = writer;
      this.log.add({
        kind: 'packed',
        ...base,
        latency_ms: seconds * 1000,
        rows: rows.text,
        prediction,
        probabilities,
      });
    } else {
      this.log.add(record(base, 'primary', seconds, rows.objects, writer, rows.imputed));
      const shadow = e.table.shadow;
      if (shadow !== null && shadow !== target.version) this.shadow(name, e, shadow, rows.objects, requestId);
    }
    this.answered.add(requestId, name, rows.rows);
    return { requestId, json };
  }

  /** The format stage and the metric handles of a version, built on its first request. */
  private stage(name: string, target: LoadedVersion, confidence: ConfidencePolicy | undefined): VersionStage {
    let stage = this.stages.get(target);
    if (stage === undefined) {
      const { model, version } = target;
      const writer = new AnswerWriter(name, version, model, confidence ?? storedPolicy(model));
      stage = { writer, ...this.metrics.requestHandles(name, version) };
      this.stages.set(target, stage);
    }
    return stage;
  }

  /** The shadow version scores the same rows after the answer; only logged, its failures only counted. */
  private shadow(name: string, e: Endpoint, version: number, rows: FeatureRow[], requestId: string): void {
    setImmediate(() => {
      const started = performance.now();
      const target = e.version(version);
      if (!target) return;
      const failed = () => this.metrics.inc('flywheel_serving_shadow_errors_total', { model: name });
      const full = target.batcher.submitRows(rows, (error, values) => {
        if (error !== null) return failed();
        // Any failure of the shadow, scoring or formatting, is counted and goes no further.
        try {
          const { writer } = this.stage(name, target, undefined);
          writer.write(values!, rows.length);
          const base = { time: Date.now(), request_id: requestId, model: name, version };
          this.log.add(record(base, 'shadow', (performance.now() - started) / 1000, rows, writer));
        } catch {
          failed();
        }
      });
      if (full) failed();
    });
  }
}

/** The version a request goes to: the one it names, else the routing table's pick. */
function route(e: Endpoint, request: PredictRequest): LoadedVersion {
  const version = request.version ?? pickVersion(e.table, request.stickyKey);
  const target = e.version(version);
  if (!target) {
    throw new FlywheelError('NOT_FOUND', `version ${version} of "${e.name}" is not loaded here`, {
      hint: `Loaded versions: ${e.versions().join(', ')}.`,
    });
  }
  return target;
}

/** The prediction log's record of checked rows and the answer's texts (parsed back into values). */
function record(
  base: { time: number; request_id: string; model: string; version: number },
  route: 'primary' | 'shadow',
  seconds: number,
  rows: FeatureRow[],
  writer: AnswerWriter,
  imputed?: Record<string, number>,
): PredictionRecord {
  const r: PredictionRecord = {
    kind: 'prediction',
    ...base,
    route,
    latency_ms: seconds * 1000,
    features: rows,
    prediction: JSON.parse(writer.predictions),
    probabilities: JSON.parse(writer.probabilities),
  };
  if (imputed) r.imputed = imputed;
  return r;
}
