/**
 * Checking a `/feedback` label against the request it labels: the request must be one this server
 * answered (and still remembers, see answered.ts), sent to the endpoint the feedback names, and the
 * label must fit its rows — one label (a number, string or boolean) for a one-row request, an array
 * of one label per row (null for a row whose label is not known) for a larger one.
 */
import { FlywheelError } from '../core/index.js';
import type { AnsweredRequest } from './answered.js';
import { describeValue } from './pipeline/index.js';

const isLabel = (v: unknown): boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** NOT_FOUND for an id that was never answered here (or is older than what the server remembers). */
export function unknownRequest(id: string, remembered: number): FlywheelError {
  return new FlywheelError('NOT_FOUND', `no answered request has the id "${id}"`, {
    hint: `Send the request_id a prediction answered with. This server remembers the last ${remembered.toLocaleString('en-US')} answered ids (serve.yaml feedback.remember) since it started; labels for older requests go into the prediction log's feedback folder directly (docs/serving.md).`,
    details: {
      problems: [{ field: 'request_id', expected: 'the id of an answered request', got: 'an unknown id' }],
    },
  });
}

/**
 * The label as logged (a one-element array for a one-row request becomes its element), or an
 * INVALID_ARGUMENT naming what is wrong: a label that does not fit the request's rows, or feedback
 * naming another endpoint than the one that answered.
 */
export function checkFeedback(
  id: string,
  answered: AnsweredRequest,
  label: unknown,
  model: string | undefined,
): unknown {
  if (model !== undefined && model !== answered.model) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `request "${id}" was answered by "${answered.model}", not "${model}"`,
      {
        hint: 'Leave out "model", or name the endpoint that answered the request.',
        details: {
          problems: [{ field: 'model', expected: JSON.stringify(answered.model), got: describeValue(model) }],
        },
      },
    );
  }
  const n = answered.rows;
  if (n === 1 && isLabel(label)) return label;
  if (n === 1 && Array.isArray(label) && label.length === 1 && isLabel(label[0])) return label[0];
  if (
    n > 1 &&
    Array.isArray(label) &&
    label.length === n &&
    label.every((v) => v === null || isLabel(v)) &&
    label.some((v) => v !== null)
  )
    return label;
  const expected =
    n === 1
      ? 'one label (a number, string or boolean)'
      : `an array of ${n} labels, one per row of the request (null for a row without one)`;
  throw new FlywheelError(
    'INVALID_ARGUMENT',
    `the label does not fit request "${id}" (${n} row${n === 1 ? '' : 's'}): expected ${expected}, got ${describeValue(label)}`,
    {
      hint: 'A scalar labels a one-row request; label a request of several rows with an array in its row order.',
      details: { problems: [{ field: 'label', expected, got: describeValue(label) }] },
    },
  );
}
