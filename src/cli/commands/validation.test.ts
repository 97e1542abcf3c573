// `flywheel suite infer` and `flywheel check` end to end: a workspace, a dataset version, a drafted
// suite, a passing and a failing check (exit 0 and 1), quarantine files, HTML, stored results.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../../core/index.js';
import { cellValue, getColumn, readTable } from '../../data/index.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'data');

const cli = runCli;

describe('flywheel suite infer / check', () => {
  const dir = tempDir();
  const ws = join(dir.path, 'ws');
  const run = (...args: string[]) => cli(['-C', ws, ...args]);

  beforeAll(async () => {
    expect((await cli(['init', ws])).code).toBe(0);
    expect((await run('data', 'add', join(SHARED, 'iris.csv'))).code).toBe(0);
    // Every third row's sepal length is 100 (out of range); row 0 also gets a negative width.
    const lines = readFileSync(join(SHARED, 'iris.csv'), 'utf8').trim().split('\n');
    const bad = lines.map((line, i) => {
      if (i === 0 || (i - 1) % 3 !== 0) return line;
      const cells = line.split(',');
      cells[0] = '100';
      if (i === 1) cells[1] = '-1';
      return cells.join(',');
    });
    writeFileSync(join(ws, 'bad.csv'), `${bad.join('\n')}\n`);
  });
  afterAll(() => dir.cleanup());

  it('drafts a suite from a dataset version and passes the data it came from', async () => {
    const infer = await run('suite', 'infer', 'iris:1', '-o', 'iris.yaml');
    expect(infer.code).toBe(0);
    expect(infer.stdout).toMatch(/^Wrote .*iris\.yaml: suite iris with 28 expectations from iris:1/);
    const check = await run('check', 'iris:1', '--suite', 'iris.yaml', '--html', 'report.html');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(
      /^PASSED {2}suite iris on iris:1: 150 rows × 5 columns, 28 expectations, 0 failed/,
    );
    const html = readFileSync(join(ws, 'report.html'), 'utf8');
    expect(html).toContain('between(sepal length (cm))');
    expect(html).toContain('PASSED');
  });

  it('fails bad data with exit 1, reports counts and rows, and splits it into clean and quarantined rows', async () => {
    const check = await run(
      '--json',
      'check',
      'bad.csv',
      '--suite',
      'iris.yaml',
      '--quarantine',
      'bad.parquet',
      '--clean',
      'good.parquet',
    );
    expect(check.code).toBe(ERROR_CATALOG.CHECK_FAILED.exit);
    expect(check.code).toBe(1);
    const r = check.json();
    const range = r.report.results.find((x: { id: string }) => x.id === 'between(sepal length (cm))');
    // Rows 0, 3, …, 147: 50 values of 100 out of [4.3, 7.9].
    expect(range).toMatchObject({ success: false, unexpectedCount: 50, checkedCount: 150 });
    expect(range.unexpectedRows).toEqual(Array.from({ length: 20 }, (_, k) => 3 * k));
    expect(range.unexpectedValues.slice(0, 2)).toEqual([100, 100]);
    expect(r.quarantine).toMatchObject({ badRows: 50, cleanRows: 100 });
    const badRows = await readTable(join(ws, 'bad.parquet'));
    const goodRows = await readTable(join(ws, 'good.parquet'));
    expect(badRows.rowCount + goodRows.rowCount).toBe(150);
    expect(cellValue(getColumn(badRows, '_failed_expectations'), 0)).toBe(
      'between(sepal length (cm)); between(sepal width (cm))',
    );
    expect(r.stored).toBeUndefined(); // a plain path is never recorded
  });

  it('stores results with the version and shows them in data show', async () => {
    await run('check', 'iris:1', '--suite', 'iris.yaml');
    const show = await run('data', 'show', 'iris:1');
    expect(show.stdout).toMatch(
      /validation \(latest per suite\):\n.*SUITE.*\n\s+iris\s+passed\s+0\/28\s+150/,
    );
    const json = (await run('--json', 'data', 'show', 'iris:1')).json();
    expect(json.validations).toHaveLength(1);
    expect(json.validations[0]).toMatchObject({ suiteName: 'iris', success: true, failed: 0, evaluated: 28 });
  });

  it('rejects a bad suite file with its line and a hint (exit 64, not the check-failed code)', async () => {
    writeFileSync(join(ws, 'typo.yaml'), 'name: t\nexpectations:\n  - expect: betwen\n    column: x\n');
    const r = await run('check', 'iris:1', '--suite', 'typo.yaml');
    expect(r.code).toBe(ERROR_CATALOG.INVALID_ARGUMENT.exit);
    expect(r.stderr).toMatch(
      /error\[INVALID_ARGUMENT\]: .*typo\.yaml:3:13: unknown expectation "betwen" \(did you mean "between"\?\)/,
    );
    expect(r.stderr).toMatch(/hint: Known expectations: /);
  });
});
