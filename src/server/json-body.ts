/**
 * The one way the server reads a JSON request body, for the framework's routes and the predict fast
 * lane alike, so a body means the same on every path: JSON text as JSON.parse reads it, where an
 * empty body (or JSON whitespace only) is an empty object (MLflow clients send DELETE with no
 * body). A UTF-8 byte-order mark is refused: RFC 8259 forbids sending one, JSON.parse refuses it,
 * and accepting it on one path only made the same bytes a 400 or a 200 by the query string.
 */
import { FlywheelError } from '../core/index.js';

const HINT = 'Send a JSON object with Content-Type: application/json.';

/** JSON whitespace (RFC 8259): space, tab, line feed, carriage return — not the other Unicode spaces. */
const isJsonSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** Parse a request body's text; throws INVALID_ARGUMENT (a 400) when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) {
    throw new FlywheelError('INVALID_ARGUMENT', 'the request body starts with a byte-order mark (U+FEFF)', {
      hint: `${HINT} Leave out the byte-order mark: JSON is sent without one.`,
    });
  }
  let i = 0;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  if (i === text.length) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `the request body is not valid JSON: ${(error as Error).message}`,
      {
        hint: HINT,
      },
    );
  }
}

/**
 * The one answer to a body over `server.body_limit` (413), on the framework routes (their limit is
 * the framework's, set to the same number) and the predict lane alike.
 */
export function bodyTooLarge(): FlywheelError {
  return new FlywheelError('PAYLOAD_TOO_LARGE', 'the request body is larger than the server accepts', {
    hint: 'Send smaller batches, or raise server.body_limit in flywheel.yaml.',
  });
}
