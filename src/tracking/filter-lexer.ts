/** The tokenizer of the run filter language (`metrics.auc > 0.9 and params.model = 'gbdt'`). */
import { FlywheelError } from '../core/index.js';

/** One token, with its 0-based offset in the source. */
export type Token =
  | { type: 'field'; prefix: string | undefined; key: string; pos: number; text: string }
  | { type: 'word'; word: string; pos: number; text: string }
  | { type: 'string'; value: string; pos: number; text: string }
  | { type: 'number'; value: number; pos: number; text: string }
  | { type: 'op'; op: string; pos: number; text: string }
  | { type: '(' | ')' | ','; pos: number; text: string }
  | { type: 'end'; pos: number; text: string };

/** Words that are operators or connectives, not field names. */
export const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'like', 'ilike']);

const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[\w]/;
/** Characters an unquoted key may hold after `metrics.` (MLflow keys may contain / . - and spaces; quote spaces). */
const KEY_CHAR = /[\w./:-]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;

/** A filter error naming the 1-based position and what was expected there. */
export function filterError(source: string, pos: number, message: string, what = 'filter'): FlywheelError {
  const column = pos + 1;
  const near = source.slice(pos, pos + 12);
  return new FlywheelError(
    'INVALID_ARGUMENT',
    `invalid ${what} at position ${column}${near ? ` (near "${near}")` : ' (at the end)'}: ${message}`,
    {
      where: { column, field: what },
      hint: `Write comparisons like metrics.auc > 0.9 and params.model = 'gbdt'; see docs/tracking.md.\n  ${source}\n  ${' '.repeat(pos)}^`,
      details: { position: column, source },
    },
  );
}

/** Split a filter into tokens; an unterminated quote or a stray character is an error with its position. */
export function tokenize(source: string, what = 'filter'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: ch, pos: start, text: ch });
      i++;
    } else if (ch === "'" || ch === '"') {
      const [value, end] = readQuoted(source, i, what);
      tokens.push({ type: 'string', value, pos: start, text: source.slice(start, end) });
      i = end;
    } else if (/[=!<>]/.test(ch)) {
      const two = source.slice(i, i + 2);
      const op = ['!=', '<>', '<=', '>=', '=='].includes(two) ? two : ch;
      if (op === '!') throw filterError(source, i, 'expected "!=" after "!"', what);
      tokens.push({ type: 'op', op: op === '<>' ? '!=' : op === '==' ? '=' : op, pos: start, text: op });
      i += op.length;
    } else if (/[\d.+-]/.test(ch) && NUMBER.test(source.slice(i))) {
      const text = NUMBER.exec(source.slice(i))![0];
      tokens.push({ type: 'number', value: Number(text), pos: start, text });
      i += text.length;
    } else if (IDENT_START.test(ch) || ch === '`') {
      const [token, end] = readField(source, i, what);
      tokens.push(token);
      i = end;
    } else {
      throw filterError(source, i, `unexpected character "${ch}"`, what);
    }
  }
  tokens.push({ type: 'end', pos: source.length, text: '' });
  return tokens;
}

/** Read a quoted string or key starting at `i`; a doubled quote stands for itself. Returns [value, end]. */
function readQuoted(source: string, i: number, what: string): [string, number] {
  const quote = source[i]!;
  let value = '';
  let j = i + 1;
  for (;;) {
    if (j >= source.length) throw filterError(source, i, `unterminated ${quote} quote`, what);
    const c = source[j]!;
    if (c === quote) {
      if (source[j + 1] === quote) {
        value += quote;
        j += 2;
        continue;
      }
      return [value, j + 1];
    }
    if (c === '\\' && j + 1 < source.length) {
      value += source[j + 1];
      j += 2;
      continue;
    }
    value += c;
    j++;
  }
}

/** A word (`and`, `status`) or a field (`metrics.auc`, `params."my param"`, `` tags.`a b` ``). */
function readField(source: string, i: number, what: string): [Token, number] {
  const start = i;
  if (source[i] === '`') {
    const [key, end] = readQuoted(source, i, what);
    return [{ type: 'field', prefix: undefined, key, pos: start, text: source.slice(start, end) }, end];
  }
  let j = i;
  while (j < source.length && IDENT_CHAR.test(source[j]!)) j++;
  const word = source.slice(i, j);
  if (source[j] !== '.') {
    return [{ type: 'word', word, pos: start, text: word }, j];
  }
  j++; // the dot
  const q = source[j];
  if (q === '`' || q === '"') {
    const [key, end] = readQuoted(source, j, what);
    return [{ type: 'field', prefix: word, key, pos: start, text: source.slice(start, end) }, end];
  }
  const keyStart = j;
  while (j < source.length && KEY_CHAR.test(source[j]!)) j++;
  if (j === keyStart) throw filterError(source, keyStart, `expected a name after "${word}."`, what);
  const key = source.slice(keyStart, j);
  return [{ type: 'field', prefix: word, key, pos: start, text: source.slice(start, j) }, j];
}
