/**
 * Runs probe.fixture.ts over files in child processes and checks what the read paths gave, with
 * one accelerator, against DuckDB alone (the contract of accelerator.ts, docs/data.md). A child that dies on a file
 * (a crash in the direct reader or in DuckDB) is recorded as `crash` for the path it was on, and a
 * fresh child goes on with the next path, so a crash is a finding, not the end of the run.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMIT, type Outcome, PATHS } from './probe.fixture.js';

/** What a path gave: the outcome, or a crash of the process reading. */
export type Result = Outcome | { file: string; path: string; crash: string };

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'probe.fixture.ts');

/** Every (file, path) result with the accelerator named `accelerator`; `paths` (default: all) in PATHS order. */
export function probe(
  accelerator: string,
  files: readonly string[],
  paths: readonly string[] = PATHS,
): Result[] {
  const results: Result[] = [];
  const pending = files.flatMap((file) => paths.map((path) => ({ file, path })));
  while (pending.length > 0) {
    const input = pending.map((p) => `${p.path}\t${p.file}`).join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE, accelerator], {
      input: `${input}\n`,
      encoding: 'utf8',
      maxBuffer: 256 << 20,
      timeout: 300_000,
    });
    let started: { file: string; path: string } | undefined;
    for (const line of child.stdout.split('\n')) {
      if (line === '') continue;
      const record = JSON.parse(line) as { start?: string; path: string } | Outcome;
      if ('start' in record && record.start !== undefined) {
        started = { file: record.start, path: record.path };
        continue;
      }
      const outcome = record as Outcome;
      results.push(outcome);
      pending.splice(
        pending.findIndex((p) => p.file === outcome.file && p.path === outcome.path),
        1,
      );
      started = undefined;
    }
    if (started === undefined) {
      if (pending.length > 0) throw new Error(`probe child ended early: ${child.stderr.slice(-2000)}`);
      break;
    }
    const why = child.signal ?? `exit ${child.status}`;
    results.push({ ...started, crash: why });
    const at = pending.findIndex((p) => p.file === started!.file && p.path === started!.path);
    pending.splice(at, 1);
  }
  return results;
}

/** The DuckDB-alone path each product path is compared with. */
const REFERENCE: Record<string, string> = {
  table: 'ref',
  chunks: 'ref',
  duckdb: 'ref',
  'table-limit': 'ref-limit',
  'chunks-limit': 'ref-limit',
  'table-columns': 'ref-columns',
};

/** The product's read paths with the accelerator on (the `duckdb` path has every accelerator off). */
export const PRODUCT_PATHS = ['table', 'table-limit', 'table-columns', 'chunks', 'chunks-limit'];

/**
 * What breaks the contract for one file's results: a product path that crashed or threw something
 * other than a FlywheelError, or gave data where DuckDB refused or other data than DuckDB's. A
 * product path may refuse a file DuckDB reads (our checks are stricter: docs/data.md). The path
 * with the direct reader off (`duckdb`) is DuckDB itself, so it may crash only where DuckDB does.
 */
export function violations(results: readonly Result[]): string[] {
  const found: string[] = [];
  const byPath = new Map(results.map((r) => [`${r.file}\u0000${r.path}`, r]));
  for (const r of results) {
    const ref = REFERENCE[r.path];
    if (ref === undefined) continue;
    const where = `${r.file.split('/').pop()} [${r.path}]`;
    const expected = byPath.get(`${r.file}\u0000${ref}`);
    if ('crash' in r) {
      if (r.path !== 'duckdb' || (expected !== undefined && !('crash' in expected)))
        found.push(`${where}: the process died (${r.crash})`);
      continue;
    }
    if (!r.ok) {
      if (r.code === 'THROWN' || r.code === 'INTERNAL') found.push(`${where}: ${r.code} ${r.message}`);
      continue;
    }
    if (expected === undefined || 'crash' in expected || !expected.ok) {
      found.push(`${where}: data where DuckDB refuses`);
      continue;
    }
    if (JSON.stringify(r.values) === JSON.stringify(expected.values)) continue;
    // DuckDB reads some damaged pages from memory it never wrote (two reads of one file give other
    // values): its own reading (`duckdb`, every accelerator off) is not held to one of them where
    // two DuckDB reads disagree, or where the accelerator found the file corrupt.
    const again = byPath.get(`${r.file}\u0000ref-again`);
    const unstable =
      again !== undefined &&
      (!('ok' in again) || !again.ok || JSON.stringify(again.values) !== JSON.stringify(expected.values));
    const accelerated = byPath.get(`${r.file}\u0000table`);
    const corrupt = accelerated !== undefined && 'ok' in accelerated && !accelerated.ok;
    if (r.path === 'duckdb' && (unstable || corrupt)) continue;
    found.push(`${where}: other values than DuckDB's`);
  }
  return found;
}

/** The outcome of `path` for `file`: 'data', an error code, or 'crash'. */
export function outcomeOf(results: readonly Result[], file: string, path: string): string {
  const r = results.find((x) => x.file === file && x.path === path);
  if (r === undefined) return 'missing';
  if ('crash' in r) return 'crash';
  return r.ok ? 'data' : r.code;
}

export { LIMIT };
