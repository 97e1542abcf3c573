// The environment is read in one place (core/env.ts): every documented variable parsed with its type,
// a wrong value an error naming the variable, and no other production file reading process.env.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_NAMES, readEnv } from './env.js';
import type { FlywheelError } from './errors.js';

function errorOf(run: () => unknown): FlywheelError {
  try {
    run();
  } catch (error) {
    return error as FlywheelError;
  }
  throw new Error('no error');
}

describe('readEnv', () => {
  it('parses each variable with its type; unset or empty is absent', () => {
    const env = readEnv({
      FLYWHEEL_LOG_LEVEL: 'debug',
      FLYWHEEL_NATIVE: '0',
      FLYWHEEL_COLUMN_POOL_MB: '64',
      FLYWHEEL_DUCKDB_MEMORY: ' 4GB ',
      FLYWHEEL_TOKEN: '',
      CI: 'true',
      COLUMNS: '120',
      UNRELATED: 'x',
    });
    expect(env).toEqual({
      FLYWHEEL_LOG_LEVEL: 'debug',
      FLYWHEEL_NATIVE: false,
      FLYWHEEL_COLUMN_POOL_MB: 64,
      FLYWHEEL_DUCKDB_MEMORY: '4GB',
      FLYWHEEL_KERNELS: 'auto',
      CI: true,
      COLUMNS: 120,
    });
    expect(readEnv({})).toEqual({ FLYWHEEL_NATIVE: true, FLYWHEEL_KERNELS: 'auto', CI: false });
  });

  it.each([
    ['FLYWHEEL_LOG_LEVEL', 'verbose', 'write one of debug, info, warn, error, silent'],
    ['FLYWHEEL_NATIVE', 'off', 'write 0 (off) or 1 (on)'],
    ['FLYWHEEL_COLUMN_POOL_MB', 'lots', 'write a number of MiB'],
    ['FLYWHEEL_COLUMN_POOL_MB', '-1', 'write a number of MiB, 0 or more'],
    ['FLYWHEEL_DUCKDB_MEMORY', '4 gigs', 'write a size such as 4GB or 512MiB'],
    ['FLYWHEEL_KERNELS', 'wasm', 'write auto or js'],
  ])('refuses %s=%s as a config error naming the variable', (name, value, why) => {
    const e = errorOf(() => readEnv({ [name]: value }));
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 78, where: { field: name } });
    expect(e.message).toContain(`${name}="${value}" is invalid: ${why}`);
    expect(e.hint).toContain(`unset the ${name} environment variable`);
  });

  it('ignores a COLUMNS the shell set to something that is not a width', () => {
    expect(readEnv({ COLUMNS: '0' }).COLUMNS).toBeUndefined();
  });

  it('names every variable in the table of docs/config.md, and nothing else there is read', () => {
    const doc = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Environment variables'));
    const firstCells = [...section.matchAll(/^\| (`[^|]*) \|/gm)].map((m) => m[1]!);
    const documented = firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
    for (const name of ENV_NAMES) expect(documented).toContain(name);
    // Every FLYWHEEL_ variable the code mentions (tests and CI included) has a row.
    const src = new URL('..', import.meta.url).pathname;
    const mentioned = new Set<string>();
    for (const file of sourceFiles(src)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bFLYWHEEL_[A-Z][A-Z_]*[A-Z]\b/g))
        mentioned.add(m[0]);
    }
    expect([...mentioned].filter((n) => !documented.includes(n))).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : sourceFiles(p);
    return /\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Code without its comments (a comment may name process.env). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/**
 * The production files that may read process.env, and why. Everything else gets its settings from
 * core/env.ts (processEnv(), or readEnv() of an environment it was handed).
 */
const MAY_READ_PROCESS_ENV: Record<string, string> = {
  'core/env.ts': 'the one reader',
  'cli/main.ts': 'the CLI entry point hands its environment down (tests pass their own)',
  'testing/services.ts': 'test support: where the test databases are (FLYWHEEL_TEST_*)',
  'monitoring/alerts/alert-actions.ts': 'the retrain command inherits the environment (it reads nothing)',
};

describe('process.env', () => {
  it('is read by no production file but core/env.ts and the allowed ones', () => {
    const src = new URL('..', import.meta.url).pathname;
    const readers = sourceFiles(src)
      .filter((f) => !/\.(test|fixture)\.ts$/.test(f))
      .filter((f) => /\bprocess\.env\b/.test(withoutComments(readFileSync(f, 'utf8'))))
      .map((f) => relative(src, f))
      .sort();
    expect(readers.filter((f) => !Object.hasOwn(MAY_READ_PROCESS_ENV, f))).toEqual([]);
    expect(readers).toContain('core/env.ts');
    // A stale entry (a file that no longer reads the environment) is an exception nobody needs.
    expect(Object.keys(MAY_READ_PROCESS_ENV).filter((f) => !readers.includes(f))).toEqual([]);
  });
});
