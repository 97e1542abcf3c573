import { describe, expect, it, vi } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { readTable } from './read.js';

// Root reads any file whatever its mode, so an unreadable file cannot be made for real when the
// tests run as root (read-errors.test.ts does the real chmod test otherwise). Here the operating
// system's refusal is simulated at the boundary Flywheel checks first.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const refuse = (path: unknown) =>
    String(path).includes('locked')
      ? Promise.reject(
          Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' }),
        )
      : undefined;
  return {
    ...actual,
    stat: ((path: string, ...rest: []) => refuse(path) ?? actual.stat(path, ...rest)) as typeof actual.stat,
    open: ((path: string, ...rest: []) => refuse(path) ?? actual.open(path, ...rest)) as typeof actual.open,
  };
});

describe('permission denied', () => {
  it('names the file and says what to do', async () => {
    const path = '/data/locked.csv';
    const error = await readTable(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlywheelError);
    const e = error as FlywheelError;
    expect(e.code).toBe('PERMISSION_DENIED');
    expect(e.where).toEqual({ file: path });
    expect(e.message).toBe(`Cannot read ${path}: permission denied`);
    expect(e.hint).toMatch(/permissions/);
  });
});
