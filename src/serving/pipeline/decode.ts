/**
 * The decode and check stages of the predict pipeline (pipeline.ts): the only stage with two
 * implementations. Both read the rows of a request against the version it was routed to and hand
 * them to that version's score stage (batcher.ts); everything after is the same code.
 *
 * - `decodeBytes`, the accelerator: the `{"rows": [...]}` body's bytes straight into the
 *   version's raw matrix (row-decoder.ts: no JSON.parse, no row objects). It takes a strict subset
 *   — every row with exactly the model's features, numbers as finite JSON numbers, categories as
 *   strings without escapes — which is exactly the bodies the request checks pass unchanged, so
 *   its rows need no check; anything else, and any endpoint with a row-level suite or a shadow,
 *   it declines (undefined) and the reference decoder reads the body.
 * - `decodeRows`, the reference: rows from JSON.parse (or a protocol's shape), checked against the
 *   version's schema and the endpoint's suite (request-check.ts), every problem listed in one 400.
 *
 * Differential tests (pipeline.test.ts, row-decoder.test.ts) hold the two to the same answers.
 */
import { FlywheelError } from '../../core/index.js';
import { describeFeatureCheck, type FeatureNames, type FeatureRow } from '../../models/index.js';
import type { Endpoint, LoadedVersion } from '../endpoint.js';
import { type CheckedRows, checkRows, type RequestProblem, requestNames } from './request-check.js';

/** Rows a decoder read, as the score and log stages take them. */
export type DecodedRows =
  | {
      kind: 'bytes';
      /** Row count, and the first row in the version's raw matrix. */
      rows: number;
      at: number;
      /** The request's rows array as sent, on one line (for the prediction log). */
      text: Uint8Array;
    }
  | {
      kind: 'objects';
      rows: number;
      objects: FeatureRow[];
      /** Per optional feature absent from some rows, how many rows lacked it. */
      imputed?: Record<string, number>;
    };

/**
 * The fast decoder: the body's rows appended to the version's raw matrix, or undefined when it
 * declines (the matrix is then as it was).
 */
export function decodeBytes(e: Endpoint, target: LoadedVersion, body: Buffer): DecodedRows | undefined {
  const { decoder, raw } = target.batcher;
  if (decoder === null || e.suite !== undefined || e.table.shadow !== null) return undefined;
  const at = raw.rows;
  const rows = decoder.decode(body, raw);
  if (rows < 0) return undefined;
  return { kind: 'bytes', rows, at, text: oneLine(body.subarray(decoder.rowsStart, decoder.rowsEnd)) };
}

const names = new WeakMap<LoadedVersion, { names: FeatureNames; keys: number }>();

/**
 * The reference decoder's check: rows (anything JSON.parse or a protocol gave) checked against
 * the version's schema and the endpoint's suite; throws INVALID_ARGUMENT listing every problem.
 */
export function decodeRows(e: Endpoint, target: LoadedVersion, input: unknown): DecodedRows {
  const rule = namesOf(e, target);
  const checked = checkRows(target.model.schema, input, { suite: e.suite, names: rule });
  if (checked.problems.length > 0) {
    const refused = checked.refusedNames;
    throw invalidRequest(checked.problems, refused && { refused, features: rule.features });
  }
  const imputed = checked.imputed && Object.fromEntries(checked.imputed);
  return { kind: 'objects', rows: checked.rows.length, objects: checked.rows, imputed };
}

/** The name rule of requests to a version on this endpoint (built once per loaded version). */
function namesOf(e: Endpoint, target: LoadedVersion): FeatureNames {
  let cached = names.get(target);
  if (cached === undefined || cached.keys !== e.clientKeys.size) {
    const { schema, info } = target.model;
    const rule = requestNames(schema, info, e.suite, e.acceptUnknownKeys, e.clientKeys);
    cached = { names: rule, keys: e.clientKeys.size };
    names.set(target, cached);
  }
  return cached.names;
}

/**
 * A 400 listing every problem of a request; when a row was refused for its names, the message
 * says which features it lacks and which keys are unknown (with "did you mean").
 */
export function invalidRequest(
  problems: RequestProblem[],
  refusedNames?: { refused: NonNullable<CheckedRows['refusedNames']>; features: readonly string[] },
): FlywheelError {
  const first = problems[0];
  const what = refusedNames
    ? `row ${refusedNames.refused.row} ${describeFeatureCheck(refusedNames.refused.check, refusedNames.features, 'key')}`
    : first
      ? `first: ${first.field} expected ${first.expected}, got ${first.got}`
      : '';
  return new FlywheelError(
    'INVALID_ARGUMENT',
    `the request has ${problems.length} problem(s)${what ? `, ${what}` : ''}`,
    {
      hint: refusedNames
        ? 'Send every feature by its exact name (null for a missing value) and no other keys; GET /v2/models/NAME lists the inputs.'
        : 'Fix every listed field; GET /v2/models/NAME lists the inputs and their types.',
      details: { problems },
    },
  );
}

/**
 * The rows array's bytes on one line: as they are, or a copy with its line breaks (JSON
 * whitespace between tokens here: the decoder takes no raw control byte inside a string) turned
 * into spaces.
 */
function oneLine(rows: Buffer): Uint8Array {
  if (rows.indexOf(0x0a) < 0 && rows.indexOf(0x0d) < 0) return rows;
  const copy = Buffer.from(rows);
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0x0a || copy[i] === 0x0d) copy[i] = 0x20;
  return copy;
}
