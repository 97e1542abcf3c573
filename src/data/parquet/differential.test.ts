// The contract suite every read accelerator passes (accelerator.ts, docs/data.md): every product
// read with it (whole, limited or projected, readTable and readChunks) gives DuckDB's values or
// refuses the file with a FlywheelError, never other data, never a crash; and the product with
// every accelerator off (FLYWHEEL_NATIVE=0's path) is DuckDB's own reading. Over the reproducers
// of issue 23 (fixtures/parquet-corpus/damaged, each with its expected outcome), a valid corpus
// from DuckDB's writer and seeded mutants of it. Reads run in child processes (probe.ts).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMutants, writeValidCorpus } from '../fixtures/parquet-corpus/generate.js';
import { nativeCopy } from '../native.js';
import { ACCELERATORS } from './index.js';
import { outcomeOf, PRODUCT_PATHS, probe, type Result, violations } from './probe.js';

const DAMAGED = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'parquet-corpus', 'damaged');
// Every accelerator there is runs in the native addon today.
const hasReader = nativeCopy() !== null;

/**
 * Each reproducer's expected outcome on the whole-file read (`table`): DATA_INVALID (our checks
 * find it damaged, or DuckDB refuses it) or data (DuckDB's values).
 */
const EXPECTED: Record<string, string> = {
  'rowsum-wrap.parquet': 'DATA_INVALID',
  'rowsum-ub-fuzzfound.parquet': 'DATA_INVALID',
  'numrows-hugebuffer.parquet': 'DATA_INVALID',
  'numrows-hugebuffer-fuzzfound.parquet': 'DATA_INVALID',
  'deflevel-rle-value2.parquet': 'DATA_INVALID',
  'deflevel-rle-value3.parquet': 'DATA_INVALID',
  'dual-page-header.parquet': 'DATA_INVALID',
  'diff-repetition-wrongtype.parquet': 'DATA_INVALID',
  'diff-convertedtype-invalid.parquet': 'DATA_INVALID',
  'diff-string-vs-blob.parquet': 'DATA_INVALID',
  // A damaged ZSTD page without checksums that libzstd and DuckDB's zstd both decode to the page's
  // size, differently: nothing in the file tells which is right (docs/data.md, known differences).
  'zstd-diff-acknowledged.parquet': 'data',
  // Valid, but DuckDB 1.5 refuses BYTE_STREAM_SPLIT integers: the direct reader declines them so
  // every path gives DuckDB's answer (docs/data.md).
  'valid-bss-int-duckdb-refuses.parquet': 'DATA_INVALID',
  'duckdb-fallback-segv-delta-length.parquet': 'DATA_INVALID',
  'duckdb-fallback-4GB-rss-delta.parquet': 'DATA_INVALID',
  'ub-memcmp-null-valid-file.parquet': 'data',
  // A millisecond timestamp column whose statistics overflow microseconds: DuckDB refuses the file,
  // the decoder read it (a seeded mutant found it, December 2026); now it leaves it to DuckDB.
  'ts-ms-stats-overflow.parquet': 'DATA_INVALID',
};

it('has the direct reader when CI requires it (a skipped suite would prove nothing)', () => {
  if (process.env.FLYWHEEL_REQUIRE_NATIVE === '1') expect(hasReader).toBe(true);
});

describe.skipIf(!hasReader).each(ACCELERATORS.map((a) => a.name))(
  'the %s accelerator against DuckDB',
  (accelerator) => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'flywheel-parquet-corpus-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('every reproducer of issue 23 gets its expected outcome, on every path, without a crash', () => {
      const files = readdirSync(DAMAGED)
        .filter((f) => f.endsWith('.parquet'))
        .map((f) => join(DAMAGED, f));
      expect(files.map((f) => f.split('/').pop()).sort()).toEqual(Object.keys(EXPECTED).sort());
      const results = probe(accelerator, files);
      const table = Object.fromEntries(
        files.map((f) => [f.split('/').pop()!, outcomeOf(results, f, 'table')]),
      );
      expect(table).toEqual(EXPECTED);
      for (const f of files)
        for (const path of PRODUCT_PATHS)
          expect(outcomeOf(results, f, path), `${f} ${path}`).not.toBe('crash');
      const known = /^zstd-diff-acknowledged\.parquet \[[a-z-]+\]: other values than DuckDB's$/;
      expect(violations(results).filter((v) => !known.test(v))).toEqual([]);
    }, 300_000);

    it('valid files from every DuckDB writer setting read the same on every path, and mutants of them never read differently', async () => {
      const valid = await writeValidCorpus(join(dir, 'valid'));
      const mutants = writeMutants(valid, join(dir, 'mutants'), 23, 120);
      const results: Result[] = probe(accelerator, [...valid, ...mutants]);
      for (const f of valid)
        for (const path of PRODUCT_PATHS) expect(outcomeOf(results, f, path), `${f} ${path}`).toBe('data');
      expect(violations(results)).toEqual([]);
    }, 600_000);
  },
);
