/**
 * The per-value semantics of single-column row expectations, written once and used by both the
 * batch validator (once per dictionary entry or per number) and the row validator (per cell).
 * A value of a type a test does not handle is unexpected: `between` on a string, `regex` on a
 * number. Nulls never reach a test; the null policy (`nulls: skip | fail`) decides them.
 */
import { compileDateFormat, isParseableDate } from './date-format.js';
import type { Expectation, ExpectationOf } from './expectation-schema.js';
import { boundValue } from './suite-hints.js';

/** A test per value type; null means values of that type are unexpected. */
export interface ValueTest {
  number: ((v: number) => boolean) | null;
  string: ((s: string) => boolean) | null;
  boolean: ((b: boolean) => boolean) | null;
  /** Timestamps as epoch milliseconds. */
  timestamp: ((ms: number) => boolean) | null;
  /** What a passing value looks like, for messages. */
  expected: string;
}

const always = () => true;
const NONE = { number: null, string: null, boolean: null, timestamp: null };

/** Single-column per-row expectations (the ones a ValueTest describes). */
export type ValueExpectation = ExpectationOf<
  | 'not_null'
  | 'type'
  | 'between'
  | 'in_set'
  | 'not_in_set'
  | 'regex'
  | 'not_regex'
  | 'length_between'
  | 'json_parseable'
  | 'date_parseable'
  | 'z_score_below'
>;

/** True for expectations a ValueTest describes (z-scores only with a fixed mean and std). */
export function isValueExpectation(e: Expectation): e is ValueExpectation {
  switch (e.expect) {
    case 'not_null':
    case 'type':
    case 'between':
    case 'in_set':
    case 'not_in_set':
    case 'regex':
    case 'not_regex':
    case 'length_between':
    case 'json_parseable':
    case 'date_parseable':
      return true;
    case 'z_score_below':
      return e.mean !== undefined && e.std !== undefined;
    default:
      return false;
  }
}

/** Compile the value test of an expectation. */
export function valueTest(e: ValueExpectation): ValueTest {
  switch (e.expect) {
    case 'not_null':
      return { number: always, string: always, boolean: always, timestamp: always, expected: 'not null' };
    case 'type':
      return typeTest(e.type);
    case 'between':
      return betweenTest(e);
    case 'in_set':
      return setTest(e.values, false);
    case 'not_in_set':
      return setTest(e.values, true);
    case 'regex':
    case 'not_regex': {
      const re = new RegExp(e.pattern, 'u');
      const match = e.expect === 'regex';
      const expected = `${match ? 'matching' : 'not matching'} /${e.pattern}/`;
      return { ...NONE, string: (s) => re.test(s) === match, expected };
    }
    case 'length_between':
      return lengthTest(e.min, e.max);
    case 'json_parseable':
      return { ...NONE, string: isJson, expected: 'parseable JSON' };
    case 'date_parseable': {
      const matcher = e.format === undefined ? isParseableDate : compileDateFormat(e.format);
      return {
        ...NONE,
        string: matcher,
        timestamp: always,
        expected: `a date${e.format ? ` in ${e.format}` : ''}`,
      };
    }
    case 'z_score_below': {
      const mean = e.mean!;
      const std = e.std!;
      const ok = (v: number) => Math.abs(v - mean) / std < e.threshold;
      return { ...NONE, number: ok, timestamp: ok, expected: `|z| < ${e.threshold}` };
    }
  }
}

function typeTest(type: ExpectationOf<'type'>['type']): ValueTest {
  const expected = `of type ${type}`;
  switch (type) {
    case 'numeric':
      return { ...NONE, number: always, expected };
    case 'integer':
      return { ...NONE, number: Number.isInteger, expected };
    case 'string':
      return { ...NONE, string: always, expected };
    case 'boolean':
      return { ...NONE, boolean: always, expected };
    case 'timestamp':
      return { ...NONE, timestamp: always, string: isParseableDate, expected };
  }
}

/** A range check on numbers; `strict` excludes the bounds. */
export function rangeCheck(
  min: number | undefined,
  max: number | undefined,
  strict: boolean | undefined,
): (v: number) => boolean {
  const lo = min ?? Number.NEGATIVE_INFINITY;
  const hi = max ?? Number.POSITIVE_INFINITY;
  // An open end accepts ±Infinity even when strict; NaN is never in range.
  if (strict)
    return (v) => (v > lo || min === undefined) && (v < hi || max === undefined) && !Number.isNaN(v);
  return (v) => v >= lo && v <= hi;
}

/** Text for a range, e.g. "between 0 and 10" or "at least 3". */
export function rangeText(
  min: number | string | undefined,
  max: number | string | undefined,
  strict?: boolean,
): string {
  const lo = strict ? '>' : '≥';
  const hi = strict ? '<' : '≤';
  if (min !== undefined && max !== undefined)
    return `in ${strict ? '(' : '['}${min}, ${max}${strict ? ')' : ']'}`;
  return min !== undefined ? `${lo} ${min}` : `${hi} ${max}`;
}

function betweenTest(e: ExpectationOf<'between'>): ValueTest {
  const inRange = rangeCheck(boundValue(e.min), boundValue(e.max), e.strict);
  const dates = typeof e.min === 'string' || typeof e.max === 'string';
  return {
    number: inRange,
    timestamp: inRange,
    boolean: (b) => inRange(b ? 1 : 0),
    string: dates ? (s) => inRange(Date.parse(s)) : null,
    expected: rangeText(e.min, e.max, e.strict),
  };
}

function setTest(values: readonly (string | number | boolean)[], negate: boolean): ValueTest {
  const strings = new Set(values.filter((v): v is string => typeof v === 'string'));
  const numbers = new Set(values.filter((v): v is number => typeof v === 'number'));
  const booleans = new Set(values.filter((v): v is boolean => typeof v === 'boolean'));
  const times = new Set([...numbers, ...[...strings].map(Date.parse).filter((t) => !Number.isNaN(t))]);
  const shown = values.length > 10 ? `${values.slice(0, 10).join(', ')}, …` : values.join(', ');
  return {
    number: (v) => numbers.has(v) !== negate,
    string: (s) => strings.has(s) !== negate,
    boolean: (b) => booleans.has(b) !== negate,
    timestamp: (ms) => times.has(ms) !== negate,
    expected: `${negate ? 'not ' : ''}in {${shown}}`,
  };
}

function lengthTest(min: number | undefined, max: number | undefined): ValueTest {
  const inRange = rangeCheck(min, max, false);
  return {
    ...NONE,
    string: (s) => inRange(codePointLength(s)),
    expected: `of length ${rangeText(min, max)}`,
  };
}

/** The length of a string in code points (as profiles count it). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
