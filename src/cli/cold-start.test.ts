// A command loads what it needs when it runs: `--version` and `--help` load no module but the CLI's
// own and commander (they once loaded DuckDB, fastify, ioredis and every module: 1.3–2.7 s), and
// `status` loads the stores without the data engine, the server, the queue client or the platform.
// docs/cli.md's test (reference.test.ts) checks that --help still lists every command and flag.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/services.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(import.meta.dirname, 'cold-start.fixture.ts');

/** The packages (by name) and project files (by path) `flywheel ARGS` resolved, and its exit code. */
function loaded(dir: string, ...args: string[]): { code: number; packages: string[]; files: string[] } {
  const out = join(dir, `loaded-${args.join('-').replace(/\W+/g, '_')}.json`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, out, ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const { code, urls } = JSON.parse(readFileSync(out, 'utf8')) as { code: number; urls: string[] };
  const packages = new Set<string>();
  const files = new Set<string>();
  for (const url of urls.filter((u) => u.startsWith('file:'))) {
    const path = relative(ROOT, fileURLToPath(url));
    const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    if (pkg) packages.add(pkg[1]!);
    else files.add(path);
  }
  return { code, packages: [...packages].sort(), files: [...files].sort() };
}

describe('CLI cold start', () => {
  const dir = tempDir('flywheel-cold-');
  afterAll(() => dir.cleanup());

  it('--version and --help load only the CLI and commander', () => {
    for (const args of [['--version'], ['--help']]) {
      const r = loaded(dir.path, ...args);
      expect(r.code).toBe(0);
      expect(r.packages).toEqual(['commander']);
      expect(r.files.filter((f) => !f.startsWith('src/cli/') && f !== 'src/version.ts')).toEqual([]);
      // No command's action code (the *-run / *-actions / *-flags modules) either.
      expect(r.files.filter((f) => /-(run|actions|flags)\.ts$/.test(f))).toEqual([]);
    }
  }, 60_000);

  it('status opens the stores without DuckDB, the server, the queue client, PostgreSQL or the platform', () => {
    const ws = join(dir.path, 'ws');
    expect(loaded(dir.path, 'init', ws).code).toBe(0);
    const r = loaded(dir.path, '-C', ws, 'status');
    expect(r.code).toBe(0);
    expect(r.packages).toContain('better-sqlite3');
    for (const heavy of ['@duckdb/node-api', 'fastify', 'ioredis', 'bullmq', 'pg'])
      expect(r.packages).not.toContain(heavy);
    expect(r.files).not.toContain('src/platform.ts');
  }, 60_000);
});
