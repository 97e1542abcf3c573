import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG, FlywheelError, formatLocation, fromSystemError, toFlywheelError } from './errors.js';

describe('the error catalog', () => {
  it('gives every code an HTTP status and a non-zero exit code', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOG)) {
      expect(entry.http, code).toBeGreaterThanOrEqual(400);
      expect(entry.http, code).toBeLessThan(600);
      expect(entry.exit, code).toBeGreaterThan(0);
      expect(entry.exit, code).toBeLessThan(126);
    }
  });

  it('maps codes to statuses and exit codes', () => {
    const e = new FlywheelError('NOT_FOUND', 'no model churn');
    expect(e.httpStatus).toBe(404);
    expect(e.exitCode).toBe(66);
    expect(new FlywheelError('DATA_INVALID', 'x').httpStatus).toBe(422);
  });

  it('survives a JSON round trip with code, hint and location', () => {
    const e = new FlywheelError('CONFIG_INVALID', 'bad', {
      hint: 'fix it',
      where: { file: 'f', line: 3, path: 'a.b' },
    });
    const back = FlywheelError.fromJSON(JSON.parse(JSON.stringify(e)));
    expect(back.code).toBe('CONFIG_INVALID');
    expect(back.hint).toBe('fix it');
    expect(back.where).toEqual({ file: 'f', line: 3, path: 'a.b' });
    expect(FlywheelError.fromJSON({ code: 'NO_SUCH_CODE', message: 'm' }).code).toBe('INTERNAL');
  });

  it('wraps unexpected errors as INTERNAL and system errors by errno', () => {
    expect(toFlywheelError(new TypeError('oops')).code).toBe('INTERNAL');
    const enoent = Object.assign(new Error('x'), { code: 'ENOENT' });
    expect(fromSystemError(enoent, '/a/b', 'read').code).toBe('NOT_FOUND');
    expect(fromSystemError(Object.assign(new Error('x'), { code: 'EACCES' }), '/a', 'read').code).toBe(
      'PERMISSION_DENIED',
    );
    expect(fromSystemError(Object.assign(new Error('x'), { code: 'ENOSPC' }), '/a', 'write').hint).toContain(
      'gc',
    );
  });

  it('formats locations', () => {
    expect(formatLocation({ file: 'data.csv', line: 12, column: 3, field: 'age' })).toBe(
      'data.csv:12:3 (field age)',
    );
    expect(formatLocation({ path: 'metadata.url' })).toBe('(at metadata.url)');
  });
});
