import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/index.js';
import { compileDateFormat } from './date-format.js';
import { EXPECTATION_NAMES, EXPECTATION_SCHEMAS } from './expectation-schema.js';
import { expectationIds, parseSuite, type Suite, stringifySuite } from './suite.js';

function parseError(text: string): FlywheelError {
  try {
    parseSuite(text, 'checks/suite.yaml');
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error('expected the suite to be rejected');
}

const head = 'version: 1\nname: demo\nexpectations:\n';

describe('bad suite files give the file, the line and the fix', () => {
  it('unknown expectation: suggests the closest name', () => {
    const e = parseError(`${head}  - expect: not_null\n    column: a\n  - expect: betwen\n    column: a\n`);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.where).toMatchObject({
      file: 'checks/suite.yaml',
      line: 6,
      column: 13,
      path: 'expectations.1.expect',
    });
    expect(e.message).toBe('checks/suite.yaml:6:13: unknown expectation "betwen" (did you mean "between"?)');
    expect(e.hint).toMatch(/^Known expectations: /);
  });

  it('wrong argument type: names the argument and how to write it', () => {
    const e = parseError(`${head}  - expect: between\n    column: a\n    min: zero\n`);
    expect(e.where).toMatchObject({ line: 6, path: 'expectations.0.min' });
    expect(e.message).toMatch(/^checks\/suite\.yaml:6:10: between: min /);
    expect(e.hint).toMatch(/^Write min as a number/);
  });

  it('mostly out of range', () => {
    const e = parseError(`${head}  - expect: not_null\n    column: a\n    mostly: 1.5\n`);
    expect(e.where).toMatchObject({ line: 6, path: 'expectations.0.mostly' });
    expect(e.hint).toMatch(/^Write mostly as a share from 0 to 1/);
  });

  it('a regex that does not compile', () => {
    const e = parseError(`${head}  - expect: regex\n    column: a\n    pattern: "([a-z]+"\n`);
    expect(e.where).toMatchObject({ line: 6, path: 'expectations.0.pattern' });
    expect(e.message).toMatch(/regex: pattern does not compile: .*Unterminated group/);
    expect(e.hint).toMatch(/^Write pattern as a JavaScript regular expression/);
  });

  it('a YAML syntax error', () => {
    const e = parseError(`${head}  - expect: in_set\n    column: a\n    values: [a, b\n  - expect: unique\n`);
    expect(e.message).toMatch(/^checks\/suite\.yaml is not valid YAML: /);
    expect(e.where?.file).toBe('checks/suite.yaml');
    expect(e.where?.line).toBeGreaterThanOrEqual(6);
    expect(e.hint).toMatch(/Fix the YAML syntax/);
  });

  it('an unknown argument: suggests the allowed one', () => {
    const e = parseError(`${head}  - expect: unique\n    colum: a\n`);
    expect(e.where).toMatchObject({ line: 5, column: 5, path: 'expectations.0.colum' });
    expect(e.message).toBe(
      'checks/suite.yaml:5:5: unknown argument "colum" for unique (did you mean "column"?)',
    );
    expect(e.hint).toMatch(/^Allowed here: /);
  });

  it('a missing argument, min above max, a bad date format, a repeated id', () => {
    expect(parseError(`${head}  - expect: between\n    min: 1\n`).message).toMatch(
      /between: column is required/,
    );
    const swapped = parseError(`${head}  - expect: between\n    column: a\n    min: 5\n    max: 1\n`);
    expect(swapped.where).toMatchObject({ line: 7, path: 'expectations.0.max' });
    expect(swapped.hint).toBe('Swap min and max.');
    expect(
      parseError(`${head}  - expect: date_parseable\n    column: a\n    format: "%Q"\n`).message,
    ).toMatch(/unknown date directive "%Q"/);
    const twice = parseError(
      `${head}  - {expect: unique, column: a, id: x}\n  - {expect: unique, column: b, id: x}\n`,
    );
    expect(twice.message).toMatch(/:5:\d+: id "x" is used twice/);
  });

  it('an unknown top-level key and a missing name', () => {
    expect(parseError('name: x\nexpectation: []\n').message).toMatch(/unknown argument "expectation"/);
    expect(parseError('expectations: []\n').message).toMatch(/name/);
  });
});

describe('suites', () => {
  it('round-trips through YAML', () => {
    const suite: Suite = {
      version: 1,
      name: 'demo',
      expectations: [
        { expect: 'in_set', column: 'color', values: ['red', 'green'], mostly: 0.9 },
        { expect: 'between', column: 'when', min: '2024-01-01', max: '2024-12-31' },
        { expect: 'regex', column: 'code', pattern: '^[A-Z]{2}\\d+$' },
      ],
    };
    const text = stringifySuite(suite, ' a comment');
    expect(text).toMatch(/^# a comment\n/);
    expect(text).toContain('values: [ red, green ]');
    expect(parseSuite(text)).toEqual(suite);
  });

  it('names expectations expect(columns), numbering repeats', () => {
    const suite = parseSuite(
      `${head}  - {expect: unique, column: a}\n  - {expect: unique, column: a}\n  - {expect: pair_equal, column_a: a, column_b: b}\n  - {expect: row_count_between, min: 1, id: rows}\n`,
    );
    expect(expectationIds(suite)).toEqual(['unique(a)', 'unique(a)#2', 'pair_equal(a,b)', 'rows']);
  });

  it('knows 38 expectations, each with a strict schema', () => {
    expect(EXPECTATION_NAMES).toHaveLength(38);
    for (const name of EXPECTATION_NAMES) expect(EXPECTATION_SCHEMAS[name].shape.expect.value).toBe(name);
  });
});

describe('date formats', () => {
  it.each([
    ['%Y-%m-%d', '2024-02-29', true],
    ['%Y-%m-%d', '2023-02-29', false],
    ['%Y-%m-%d', '2024-04-31', false],
    ['%Y-%m-%d %H:%M:%S', '2024-01-31 23:59:60', true],
    ['%Y-%m-%d %H:%M:%S', '2024-01-31 24:00:00', false],
    ['%Y-%m-%dT%H:%M:%S.%f%z', '2024-01-31T10:00:00.123+05:30', true],
    ['%Y-%m-%dT%H:%M:%S.%f%z', '2024-01-31T10:00:00.123', false],
    ['%d %b %Y', '31 Jan 2024', true],
    ['%d %b %Y', '31 Feb 2024', false],
    ['%I:%M %p', '12:30 PM', true],
    ['%I:%M %p', '13:30 PM', false],
    ['%d/%m/%y', '29/02/24', true],
    ['100%% %Y', '100% 2024', true],
  ])('%s accepts %s: %s', (format, text, ok) => {
    expect(compileDateFormat(format)(text)).toBe(ok);
  });
});
