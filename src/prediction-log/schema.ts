/**
 * The prediction log's record schema: what serving writes for every answered request and every
 * feedback label, one JSON object per line with `time` as an ISO timestamp. The reader
 * (reader.ts) parses these lines back; a packed record (the fast path's) is written as the very
 * line its unpacked record would be.
 */

/** One logged prediction. */
export interface PredictionRecord {
  kind: 'prediction';
  /** Milliseconds since the epoch (written as an ISO timestamp). */
  time: number;
  request_id: string;
  model: string;
  version: number;
  route: 'primary' | 'shadow';
  latency_ms: number;
  features: unknown;
  prediction: unknown;
  /** Per row, the class probabilities in the model's class order; null for regression. */
  probabilities: number[][] | null;
  /**
   * Optional features the request left out (scored as missing values), each with the number of
   * rows that lacked it; absent when the request carried every feature.
   */
  imputed?: Record<string, number>;
}

/** A true label or outcome for an earlier request. */
export interface FeedbackRecord {
  kind: 'feedback';
  /** Milliseconds since the epoch (written as an ISO timestamp). */
  time: number;
  request_id: string;
  label: unknown;
  model?: string;
}

/** A record of the log. */
export type LogRecord = PredictionRecord | FeedbackRecord;

/**
 * A prediction from the fast path, kept as the JSON it was sent and answered with: `rows` is the
 * request's rows array as the client wrote it, as UTF-8 bytes (the request body's own memory, or
 * a copy with line breaks turned into spaces), `prediction` and `probabilities` the answer's texts.
 * Nothing is parsed or formatted for the log on the request path, and the record holds little on
 * the JS heap while it waits for a flush (the rows, the bulk of a line, live outside it, so they
 * are never copied by the garbage collector); the segment sink copies the bytes into its lines
 * as they are, and other sinks get the record parsed (`unpack`), equal to what the general path
 * logs for the same request.
 */
export interface PackedPrediction {
  kind: 'packed';
  time: number;
  request_id: string;
  model: string;
  version: number;
  latency_ms: number;
  rows: Uint8Array;
  prediction: string;
  probabilities: string;
}

/** A packed record as the PredictionRecord the general path logs for the same request. */
export function unpack(r: LogRecord | PackedPrediction): LogRecord {
  if (r.kind !== 'packed') return r;
  return {
    kind: 'prediction',
    time: r.time,
    request_id: r.request_id,
    model: r.model,
    version: r.version,
    route: 'primary',
    latency_ms: r.latency_ms,
    features: JSON.parse(Buffer.from(r.rows.buffer, r.rows.byteOffset, r.rows.byteLength).toString('utf8')),
    prediction: JSON.parse(r.prediction),
    probabilities: JSON.parse(r.probabilities),
  };
}

/** The line of a record (without its newline): the record as JSON, `time` as an ISO timestamp. */
export function recordLine(record: LogRecord, time = new Date(record.time).toISOString()): string {
  return JSON.stringify({ ...record, time });
}
