/**
 * Text no store keeps as given: NUL characters (PostgreSQL's text type cannot hold them) and
 * ill-formed UTF-16 (a lone surrogate has no UTF-8 form). The HTTP edge refuses them in every
 * field (server/mlflow/text.ts); the tracking limits refuse them in names, keys and values.
 */

const LONE_SURROGATE = /\p{Cs}/u;

/** Why `text` cannot be stored as given, or undefined when it can. */
export function badText(text: string): string | undefined {
  if (text.includes('\0')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'is not well-formed Unicode (a lone UTF-16 surrogate)';
  return undefined;
}

const PLAIN_TEXT = /^[A-Za-z0-9._:-]*$/;

/** `JSON.stringify(text)`, without its work for the plain ids and names most texts are. */
export function jsonString(text: string): string {
  return PLAIN_TEXT.test(text) ? `"${text}"` : JSON.stringify(text);
}
