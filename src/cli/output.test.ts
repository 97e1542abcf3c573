import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/index.js';
import { escapeTerminal, num, printError, printResult, type Streams, table } from './output.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

describe('num', () => {
  it('prints missing values as a dash and integers as they are', () => {
    expect(num(null)).toBe('-');
    expect(num(undefined)).toBe('-');
    expect(num(150)).toBe('150');
    expect(num(-3)).toBe('-3');
    expect(num(12_345_678)).toBe('12345678');
    expect(num(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(num(Number.NaN)).toBe('NaN');
  });

  it('rounds to the significant digits asked for, without trailing zeros', () => {
    // iris's sepal length: min 4.3, mean 5.8433…, std 0.82807 (the profile table's columns).
    expect(num(4.3)).toBe('4.3');
    expect(num(5.843333333333334)).toBe('5.843');
    expect(num(0.828066127977863)).toBe('0.8281');
    expect(num(0.1)).toBe('0.1');
    expect(num(0.123456, 3)).toBe('0.123');
    expect(num(-2.50001)).toBe('-2.5');
  });

  it('switches to exponent form for tiny and huge values', () => {
    expect(num(1.234567e-7)).toBe('1.235e-7');
    expect(num(0.0001)).toBe('0.0001');
    expect(num(0.00009999)).toBe('9.999e-5');
    expect(num(2_345_678.9)).toBe('2.346e+6');
    expect(num(999_999.5)).toBe('1e+6');
  });
});

describe('table', () => {
  it('pads every column to its widest cell', () => {
    expect(
      table([
        ['A', 'BB'],
        ['ccc', 'd'],
      ]),
    ).toBe('A    BB\nccc  d');
  });
});

describe('escapeTerminal', () => {
  // A run name sent over HTTP: clear the screen, go home, print a fake line, ring the bell.
  const hostile = 'ok\u001b[2J\u001b[H\rfake\u0007\u009b31m\u202eevil';

  it('shows what a terminal would obey as escapes, keeping newlines and tabs outside cells', () => {
    expect(escapeTerminal(hostile)).toBe('ok\\x1b[2J\\x1b[H\\x0dfake\\x07\\x9b31m\\u202eevil');
    expect(escapeTerminal('a\tb\nc')).toBe('a\tb\nc');
    expect(escapeTerminal('a\tb\nc', true)).toBe('a\\x09b\\x0ac');
    expect(escapeTerminal('plain ünïcode 😀')).toBe('plain ünïcode 😀');
  });

  it('is applied to tables (columns stay aligned), results and errors', () => {
    const escaped = 'ok\\x1b[2J\\x1b[H\\x0dfake\\x07\\x9b31m\\u202eevil';
    const rows = [
      ['name', 'user'],
      [hostile, 'x\ny'],
    ];
    expect(table(rows)).toBe(`${'name'.padEnd(escaped.length)}  user\n${escaped}  x\\x0ay`);
    let out = '';
    let err = '';
    const streams = {
      stdout: {
        write: (s: string) => {
          out += s;
          return true;
        },
      },
      stderr: {
        write: (s: string) => {
          err += s;
          return true;
        },
      },
    } as unknown as Streams;
    printResult(streams, { json: false, cwd: '.' }, hostile, (r) => `run ${r}`);
    expect(out).not.toMatch(CONTROL_CHARACTER);
    expect(out).toContain('\\x1b[2J');
    printResult(streams, { json: true, cwd: '.' }, { name: hostile }, () => '');
    expect(JSON.parse(out.slice(out.indexOf('{'))).name).toBe(hostile);
    return printError(streams, false, new FlywheelError('NOT_FOUND', `run ${hostile} does not exist`)).then(
      () => {
        expect(err).not.toMatch(CONTROL_CHARACTER);
        expect(err).toContain('run ok\\x1b[2J');
      },
    );
  });
});
