/**
 * The fast predict path, for the request most clients send: `{"rows": [...]}` with every feature
 * as a number (numeric features) or a string (categorical ones), to an endpoint without a
 * row-level suite or shadow. Its
 * answer is byte for byte the one the general path (predict-path.ts) gives; it only costs less:
 *
 * - the rows are decoded from the request bytes straight into a matrix (row-decoder.ts), with no
 *   JSON.parse, no parsed object and no separate validation pass;
 * - requests that arrive in the same event-loop turn are scored together (their rows go through
 *   the model's batch kernel once, so the trees are read from memory once per turn, not once per
 *   request), then each is answered in order; `max_wait_us > 0` holds the batch that long instead,
 *   and `max_batch_size` rows score at once;
 * - the answer is written as JSON text directly from the scores;
 * - the prediction log keeps the request's rows text and the answer's prediction texts as they
 *   are (PackedPrediction): nothing is parsed or formatted for it, and the segment sink writes
 *   them into its lines unchanged.
 *
 * Anything else — another body shape (a null, a number for a category, a missing feature…), a
 * suite, a shadow, an ensemble, a categorical feature read by several steps — returns false from
 * `tryPredict`, and the caller takes the general path.
 */
import { randomUUID } from 'node:crypto';
import {
  ACCEPT_ACTION,
  applyLink,
  binaryClass,
  type ConfidencePolicy,
  decisionThreshold,
  type Model,
  type RawPlan,
  storedPolicy,
} from '../models/index.js';
import type { PredictionLog } from '../prediction-log/index.js';
import type { AnsweredIds } from './answered.js';
import { type BatchOptions, queueFull } from './batcher.js';
import type { Endpoint, LoadedVersion } from './endpoint.js';
import type { Handle, ServingMetrics } from './metrics.js';
import { jsonString } from './outputs.js';
import { pickVersion } from './routing.js';
import { RowDecoder, RowMatrix } from './row-decoder.js';

/** The accepted action as it stands in an answer's JSON. */
const ACCEPTED = JSON.stringify(ACCEPT_ACTION);

/** Delivers one answer: `error` set (the request failed), or the response's JSON text. */
export type FastReply = (error: unknown, json: string, requestId: string) => void;

interface Pending {
  reply: FastReply;
  requestId: string;
  started: number;
  /** The request's rows array as sent, UTF-8 (for the prediction log). */
  text: Uint8Array;
  /** First row in the lane's matrix, and row count. */
  row: number;
  rows: number;
}

/** One served version's fast path: its decoder, the rows waiting and how answers are written. */
class Lane {
  readonly raw: RowMatrix;
  pending: Pending[] = [];
  /** Answers of a scored batch are being delivered (a reply may submit a request at once). */
  answering = false;
  x = new Float64Array(0);
  z = new Float64Array(0);

  constructor(
    readonly name: string,
    readonly target: LoadedVersion,
    readonly decoder: RowDecoder,
    readonly plan: RawPlan,
    readonly answer: AnswerWriter,
    readonly metrics: { duration: Handle; ok: Handle; batch: Handle },
  ) {
    this.raw = new RowMatrix(decoder.features.length);
  }
}

/** Scores fast-path requests, a turn's worth at a time. */
export class FastPredictor {
  /** Requests waiting for their batch (graceful shutdown waits for them). */
  waiting = 0;
  private readonly lanes = new WeakMap<LoadedVersion, Lane | null>();
  private readonly due = new Set<Lane>();
  private scheduled = false;

  constructor(
    private readonly metrics: ServingMetrics,
    private readonly log: PredictionLog,
    private readonly batch: BatchOptions,
    private readonly answered: AnsweredIds,
  ) {}

  /**
   * Take a predict request for endpoint `name` whose body is `body`: true when it is queued (the
   * reply comes when its batch is scored), false when the general path must answer it.
   */
  tryPredict(
    name: string,
    e: Endpoint,
    body: Buffer,
    requestId: string | undefined,
    stickyKey: string | undefined,
    confidence: ConfidencePolicy | undefined,
    reply: FastReply,
  ): boolean {
    const started = performance.now();
    if (e.suite !== undefined || e.table.shadow !== null) return false;
    const target = e.version(pickVersion(e.table, stickyKey));
    if (target === undefined) return false;
    const lane = this.lane(name, target, confidence);
    if (lane === null) return false;
    const row = lane.raw.rows;
    const rows = lane.decoder.decode(body, lane.raw);
    if (rows < 0) return false;
    const id = requestId ?? randomUUID();
    if (row > 0 && row + rows > this.batch.maxQueueRows) {
      lane.raw.rows = row;
      reply(this.metrics.countError(name, queueFull(row)), '', id);
      return true;
    }
    lane.pending.push({ reply, requestId: id, started, text: rowsBytes(body, lane.decoder), row, rows });
    this.waiting++;
    // A full batch scores now, unless its lane is answering (its scores are still being read).
    if (lane.raw.rows >= this.batch.maxBatchSize && !lane.answering) this.score(lane);
    else {
      this.due.add(lane);
      this.schedule();
    }
    return true;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      // Answers may bring new requests at once (a pipelined connection): they go to the next run.
      const lanes = [...this.due];
      this.due.clear();
      for (const lane of lanes) this.score(lane);
    };
    if (this.batch.maxWaitUs >= 1000) setTimeout(run, Math.round(this.batch.maxWaitUs / 1000));
    else setImmediate(run);
  }

  /** The lane of a version, built on first use; null when the version cannot take the fast path. */
  private lane(name: string, target: LoadedVersion, confidence: ConfidencePolicy | undefined): Lane | null {
    let lane = this.lanes.get(target);
    if (lane === undefined) {
      lane = buildLane(name, target, confidence, this.metrics);
      this.lanes.set(target, lane);
    }
    return lane;
  }

  /** Score a lane's waiting rows in one pass and answer each request in arrival order. */
  private score(lane: Lane): void {
    const jobs = lane.pending;
    const n = lane.raw.rows;
    lane.pending = [];
    lane.raw.rows = 0;
    this.waiting -= jobs.length;
    if (jobs.length === 0) return;
    let z: Float64Array;
    try {
      z = scoreRows(lane.target.model, lane, n);
    } catch (error) {
      for (const job of jobs) deliver(job, this.metrics.countError(lane.name, error), '');
      return;
    }
    lane.metrics.batch.observe(n);
    lane.answering = true;
    try {
      this.answer(lane, jobs, z);
    } finally {
      lane.answering = false;
    }
  }

  private answer(lane: Lane, jobs: Pending[], z: Float64Array): void {
    const { model } = lane.target;
    const K = model.scorer.outputs;
    for (const job of jobs) {
      let values: Float64Array;
      try {
        values = applyLink(model.link, z.subarray(job.row * K, (job.row + job.rows) * K), job.rows, K);
      } catch (error) {
        deliver(job, this.metrics.countError(lane.name, error), '');
        continue;
      }
      const json = lane.answer.write(job.requestId, values, job.rows);
      const seconds = (performance.now() - job.started) / 1000;
      lane.metrics.duration.observe(seconds);
      lane.metrics.ok.inc();
      this.log.add({
        kind: 'packed',
        time: Date.now(),
        request_id: job.requestId,
        model: lane.name,
        version: lane.target.version,
        latency_ms: seconds * 1000,
        rows: job.text,
        prediction: lane.answer.predictions,
        probabilities: lane.answer.probabilities,
      });
      this.answered.add(job.requestId, lane.name, job.rows);
      deliver(job, null, json);
    }
  }
}

/** Hand a job its answer; a reply that throws (a closed socket, a caller's bug) stops no other job's. */
function deliver(job: Pending, error: unknown, json: string): void {
  try {
    job.reply(error, json, job.requestId);
  } catch {
    // Nothing to answer to any more.
  }
}

/** Raw scores of the lane's `n` waiting rows (row-major n × outputs). */
function scoreRows(model: Model, lane: Lane, n: number): Float64Array {
  const { preprocessor, scorer } = model;
  const w = preprocessor.width;
  const direct = scorer.batchBuffer(n);
  let x: Float64Array;
  if (direct !== null && direct.length >= n * w) x = direct;
  else {
    if (lane.x.length < n * w) lane.x = new Float64Array(Math.max(n, 64) * w);
    x = lane.x;
  }
  preprocessor.transformRaw(lane.raw.values, n, lane.raw.width, lane.plan, x);
  const K = scorer.outputs;
  if (lane.z.length < n * K) lane.z = new Float64Array(Math.max(n, 64) * K);
  scorer.scoreBatch(x, n, lane.z);
  return lane.z;
}

/** A version's lane, or null when its model cannot take the fast path. */
function buildLane(
  name: string,
  target: LoadedVersion,
  confidence: ConfidencePolicy | undefined,
  metrics: ServingMetrics,
): Lane | null {
  const { model } = target;
  // An ensemble scores through its members' own paths, not one preprocessor and kernel.
  if (model.family === 'ensemble' || model.scorer.outputs !== model.outputWidth) return null;
  const plan = model.preprocessor.rawPlan(model.schema.features);
  if (plan === null) return null;
  const decoder = RowDecoder.create(
    model.schema.features.map((f) => f.name),
    plan.categories,
  );
  if (decoder === null) return null;
  const policy = confidence ?? storedPolicy(model);
  return new Lane(name, target, decoder, plan, new AnswerWriter(name, target.version, model, policy), {
    ...metrics.requestHandles(name, target.version),
    batch: metrics.handle('flywheel_serving_batch_size', { model: name, version: String(target.version) }),
  });
}

/**
 * The request's rows array as sent, on one line: the body's own bytes, or a copy with its line
 * breaks (JSON whitespace between tokens here: the decoder takes no raw control byte inside a
 * string) turned into spaces.
 */
function rowsBytes(body: Buffer, decoder: RowDecoder): Uint8Array {
  const rows = body.subarray(decoder.rowsStart, decoder.rowsEnd);
  if (rows.indexOf(0x0a) < 0 && rows.indexOf(0x0d) < 0) return rows;
  const copy = Buffer.from(rows);
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0x0a || copy[i] === 0x0d) copy[i] = 0x20;
  return copy;
}

/**
 * The answer's JSON text, written from the values: the same text JSON.stringify gives for the
 * general path's answer (`formatOutputs` with the same policy and threshold; a test compares
 * them). The last answer's predictions and probabilities texts stay readable for the log.
 */
class AnswerWriter {
  predictions = '';
  probabilities = '';
  private readonly head: string;
  private readonly task: string;
  private readonly K: number;
  private readonly threshold: number;
  private readonly labels: string[];
  private readonly below: number;
  private readonly action: string;

  constructor(name: string, version: number, model: Model, policy: ConfidencePolicy | undefined) {
    const { task, classes } = model.schema.output;
    this.head = `,"model":${JSON.stringify(name)},"model_version":${version},"predictions":`;
    this.task = task;
    this.K = model.outputWidth;
    this.threshold = decisionThreshold(model);
    const label = (k: number) => (classes?.[k] === undefined ? String(k) : JSON.stringify(classes[k]));
    this.labels = Array.from({ length: Math.max(this.K, 2) }, (_, k) => label(k));
    this.below = policy?.below ?? -1;
    this.action = policy ? JSON.stringify(policy.action) : '';
  }

  write(requestId: string, values: Float64Array, rows: number): string {
    const K = this.K;
    let predictions = '';
    let probabilities = '';
    let actions = '';
    for (let r = 0; r < rows; r++) {
      const sep = r === 0 ? '' : ',';
      if (this.task === 'regression') {
        predictions += sep + String(values[r]);
        actions += sep + ACCEPTED;
        continue;
      }
      let best = 0;
      let probs = '';
      let top: number;
      if (K === 1) {
        const p = values[r]!;
        best = binaryClass(p, this.threshold);
        probs = `${String(1 - p)},${String(p)}`;
        top = Math.max(1 - p, p);
      } else {
        const o = r * K;
        for (let k = 1; k < K; k++) if (values[o + k]! > values[o + best]!) best = k;
        for (let k = 0; k < K; k++) probs += (k === 0 ? '' : ',') + String(values[o + k]);
        top = values[o + best]!;
      }
      predictions += sep + this.labels[best]!;
      probabilities += `${sep}[${probs}]`;
      actions += sep + (top < this.below ? this.action : ACCEPTED);
    }
    this.predictions = `[${predictions}]`;
    this.probabilities = this.task === 'regression' ? 'null' : `[${probabilities}]`;
    return `{"request_id":${jsonString(requestId)}${this.head}${this.predictions},"probabilities":${this.probabilities},"actions":[${actions}]}`;
  }
}
