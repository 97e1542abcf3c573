// `flywheel drift` end to end: a workspace, a dataset version and a file; text, JSON, HTML, the
// settings file, --fail-on-drift, and errors with their exit codes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../../core/index.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'data');

const cli = runCli;

describe('flywheel drift', () => {
  const dir = tempDir();
  const ws = join(dir.path, 'ws');
  const run = (...args: string[]) => cli(['-C', ws, ...args]);

  beforeAll(async () => {
    expect((await cli(['init', ws])).code).toBe(0);
    expect((await run('data', 'add', join(SHARED, 'iris.csv'))).code).toBe(0);
    // The same rows with petal length moved by 2 cm and a new species code.
    const lines = readFileSync(join(SHARED, 'iris.csv'), 'utf8').trim().split('\n');
    const moved = lines.map((line, i) => {
      if (i === 0) return line;
      const cells = line.split(',');
      cells[2] = String(Number(cells[2]) + 2);
      if (i % 10 === 0) cells[4] = '3';
      return cells.join(',');
    });
    writeFileSync(join(ws, 'moved.csv'), `${moved.join('\n')}\n`);
    writeFileSync(
      join(ws, 'drift.yaml'),
      'perColumn:\n  sepal width (cm):\n    method: psi\n    threshold: 0.5\n',
    );
  });
  afterAll(() => dir.cleanup());

  it('reports per column against a dataset version, as text', async () => {
    const r = await run('drift', 'iris:1', 'moved.csv', '--target', 'target');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Drift of moved\.csv \(150 rows\) against iris:1 \(150 rows\)/);
    expect(r.stdout).toMatch(/petal length \(cm\)\s+numeric\s+ks\s+0\.\d+\s+\S+\s+0\.05\s+DRIFT/);
    expect(r.stdout).toMatch(/sepal length \(cm\)\s+numeric\s+ks\s+0\s+1\s+0\.05\s+ok/);
    expect(r.stdout).toMatch(/Dataset drift: no — 1 of 4 feature columns drifted \(25\.0%, threshold 50%\)/);
    expect(r.stdout).toMatch(/Label drift \(target\): (yes|no)/);
  });

  it('prints JSON, applies the settings file and flags, writes HTML', async () => {
    const r = await run(
      'drift',
      'iris:1',
      'moved.csv',
      '--json',
      '--config',
      'drift.yaml',
      '--correction',
      'bonferroni',
      '--html',
      'drift.html',
    );
    expect(r.code).toBe(0);
    const report = r.json();
    expect(report.reference).toEqual({ rows: 150, source: 'iris:1' });
    expect(report.correction).toBe('bonferroni');
    const width = report.columns.find((c: { column: string }) => c.column === 'sepal width (cm)');
    expect(width).toMatchObject({
      method: 'psi',
      methodSource: 'column',
      threshold: 0.5,
      pValue: null,
      drift: false,
    });
    const html = readFileSync(join(ws, 'drift.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\//);
    expect(report.html).toBe(join(ws, 'drift.html'));
  });

  it('exits 1 with --fail-on-drift when the dataset drifts', async () => {
    const r = await run('drift', 'iris:1', 'moved.csv', '--columns', 'petal length (cm)', '--fail-on-drift');
    expect(r.code).toBe(ERROR_CATALOG.CHECK_FAILED.exit);
    expect(r.stdout).toMatch(/Dataset drift: yes — 1 of 1/);
    expect((await run('drift', 'iris:1', 'iris:1', '--fail-on-drift')).code).toBe(0);
  });

  it('reads every file of a folder version', async () => {
    const lines = readFileSync(join(SHARED, 'iris.csv'), 'utf8').trim().split('\n');
    mkdirSync(join(ws, 'parts'));
    writeFileSync(join(ws, 'parts', 'a.csv'), `${lines.slice(0, 76).join('\n')}\n`);
    writeFileSync(join(ws, 'parts', 'b.csv'), `${[lines[0], ...lines.slice(76)].join('\n')}\n`);
    expect((await run('data', 'add', join(ws, 'parts'))).code).toBe(0);
    const r = await run('drift', 'parts:1', 'iris:1', '--json');
    expect(r.code).toBe(0);
    expect(r.json().reference).toEqual({ rows: 150, source: 'parts:1' });
    expect(r.json().dataset.drifted).toBe(0);
  });

  it('fails with the catalog codes on bad input', async () => {
    const bad = await run('drift', 'iris:1', 'moved.csv', '--method', 'nope', '--json');
    expect(bad.code).toBe(ERROR_CATALOG.USAGE.exit);
    expect(bad.json().error.message).toMatch(/--method/);
    const wrong = await run('drift', 'iris:1', 'moved.csv', '--columns', 'petal lenght (cm)');
    expect(wrong.code).toBe(ERROR_CATALOG.SCHEMA_MISMATCH.exit);
    expect(wrong.stderr).toMatch(/Did you mean "petal length \(cm\)"/);
    const missing = await run('drift', 'iris:7', 'moved.csv');
    expect(missing.code).toBe(ERROR_CATALOG.NOT_FOUND.exit);
  });
});
