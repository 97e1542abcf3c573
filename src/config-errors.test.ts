// Every config file Flywheel reads says where it went wrong — file, line and column — and what was
// probably meant: flywheel.yaml (alert rules included), serve.yaml, suites, drift settings,
// behavioural tests and training configs, all read through core/yaml.ts (and core/yaml-schema.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlywheelError } from './core/index.js';
import { loadBehaviourTests } from './evaluation/behaviour.js';
import { parseServeConfig } from './serving/index.js';
import { runCli } from './testing/cli.js';
import { tempDir } from './testing/services.js';
import { readTrainConfig } from './training/index.js';
import { parseSuite } from './validation/index.js';
import { parseConfig } from './workspace-config.js';

function errorOf(run: () => unknown): FlywheelError {
  try {
    run();
  } catch (error) {
    return error as FlywheelError;
  }
  throw new Error('no error');
}

const FILE = '/ws/flywheel.yaml';
const STORES = 'metadata:\n  url: sqlite:m.db\nartifacts:\n  url: file:o\n';

describe('flywheel.yaml', () => {
  it('reports a misspelt top-level key at its line with "did you mean", not the key it leaves missing', () => {
    const text = 'version: 1\nname: ws\nartifacts:\n  url: file:o\nmetadta:\n  url: sqlite:m.db\n';
    const e = errorOf(() => parseConfig(text, FILE, {}));
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 78 });
    expect(e.message).toContain('unknown key "metadta" (did you mean "metadata"?)');
    expect(e.where).toMatchObject({ file: FILE, path: 'metadta', line: 5, column: 1 });
  });

  it('reports a misspelt nested key the same way', () => {
    const e = errorOf(() => parseConfig(`${STORES}server:\n  host: 0.0.0.0\n  prot: 9000\n`, FILE, {}));
    expect(e.message).toContain('unknown key "prot" (did you mean "port"?)');
    expect(e.where).toMatchObject({ path: 'server.prot', line: 7, column: 3 });
  });

  it('names a key that is missing, at the line of the section that lacks it', () => {
    const e = errorOf(() => parseConfig('version: 1\nmetadata:\n  url: sqlite:m.db\n', FILE, {}));
    expect(e.message).toContain('missing key "artifacts"');
  });

  it('reports an unclosed quote at the line where it opens, not at the end of the file', () => {
    const text = `version: 1\nname: "ws\n${STORES}gc:\n  grace_period: 1h\n`;
    const e = errorOf(() => parseConfig(text, FILE, {}));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.where).toMatchObject({ file: FILE, line: 2, column: 7 });
    expect(e.message).toContain('the quote opened at line 2 is never closed');
  });

  it('refuses an alert rule naming a metric windows never have, at its line, with "did you mean"', () => {
    const text = `${STORES}monitor:\n  alerts:\n    - name: drift\n      rule: drift_shar >= 0.3\n`;
    const e = errorOf(() => parseConfig(text, FILE, {}));
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 78 });
    expect(e.message).toContain('unknown metric "drift_shar" (did you mean "drift_share"?)');
    expect(e.where).toMatchObject({ path: 'monitor.alerts.0.rule', line: 8 });
    const noColumn = errorOf(() => parseConfig(text.replace('drift_shar', 'drift'), FILE, {}));
    expect(noColumn.message).toContain('drift needs a column');
  });

  it('keeps counting brackets after an apostrophe in plain text', () => {
    const text = `${STORES}name: don't\ngc: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const e = errorOf(() => parseConfig(text, FILE, {}));
    expect(e.message).toContain('nest more than 64 deep');
    expect(e.where).toMatchObject({ line: 6 });
  });
});

describe('serve.yaml', () => {
  it('reports a misspelt key at its line and column, with "did you mean"', () => {
    const e = errorOf(() => parseServeConfig('poll_ms: 100\nbatch:\n  max_batch_sise: 8\n', 'serve.yaml'));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('unknown key "max_batch_sise" (did you mean "max_batch_size"?)');
    expect(e.where).toMatchObject({ file: 'serve.yaml', path: 'batch.max_batch_sise', line: 3, column: 3 });
  });

  it('reports a syntax error and a wrong value at their lines, and a misspelt choice', () => {
    const syntax = errorOf(() => parseServeConfig('models:\n  - ref: "bc@production\n', 'serve.yaml'));
    expect(syntax.where).toMatchObject({ file: 'serve.yaml', line: 2, column: 10 });
    const value = errorOf(() => parseServeConfig('poll_ms: 100\nlog:\n  flush_ms: 1\n', 'serve.yaml'));
    expect(value.where).toMatchObject({ path: 'log.flush_ms', line: 3, column: 13 });
    const choice = errorOf(() =>
      parseServeConfig('models:\n  - ref: bc:1\n    unknown_keys: ignroe\n', 'serve.yaml'),
    );
    expect(choice.message).toContain('(did you mean "ignore"?)');
    expect(choice.where).toMatchObject({ path: 'models.0.unknown_keys', line: 3 });
  });
});

describe('suites', () => {
  it('report a misspelt argument and a misspelt expectation at their line and column, with "did you mean"', () => {
    const key = errorOf(() =>
      parseSuite('name: s\nexpectations:\n  - expect: unique\n    colum: id\n', 'suite.yaml'),
    );
    expect(key).toMatchObject({
      code: 'INVALID_ARGUMENT',
      where: { file: 'suite.yaml', line: 4, column: 5 },
    });
    expect(key.message).toContain('unknown argument "colum" for unique (did you mean "column"?)');
    const name = errorOf(() => parseSuite('name: s\nexpectations:\n  - expect: not_nul\n', 'suite.yaml'));
    expect(name.where).toMatchObject({ line: 3, column: 13, path: 'expectations.0.expect' });
    expect(name.message).toContain('(did you mean "not_null"?)');
  });

  it('report an unclosed quote at the line where it opens', () => {
    const text =
      'name: s\nexpectations:\n  - expect: not_null\n    column: "age\n  - expect: unique\n    column: id\n';
    const e = errorOf(() => parseSuite(text, 'suite.yaml'));
    expect(e).toMatchObject({ code: 'INVALID_ARGUMENT', where: { file: 'suite.yaml', line: 4, column: 13 } });
  });
});

describe('drift settings', () => {
  it('report a misspelt key at its line, with "did you mean", before any data is read', async () => {
    const dir = tempDir();
    try {
      const settings = join(dir.path, 'drift.yaml');
      writeFileSync(settings, 'method: ks\nthreshhold: 0.01\n');
      const r = await runCli(['--cwd', dir.path, 'drift', 'ref.csv', 'cur.csv', '--config', settings]);
      expect(r.code).toBe(64);
      expect(r.stderr).toContain('unknown key "threshhold" (did you mean "threshold"?)');
      expect(r.stderr).toContain(`${settings}:2:1`);
      writeFileSync(settings, 'method: kss\n');
      const choice = await runCli(['--cwd', dir.path, 'drift', 'ref.csv', 'cur.csv', '--config', settings]);
      expect(choice.stderr).toContain('(did you mean "ks"?)');
      expect(choice.stderr).toContain(`${settings}:1:9`);
    } finally {
      dir.cleanup();
    }
  });
});

describe('behavioural tests', () => {
  it('report a misspelt key and a misspelt test type at their line and column, with "did you mean"', () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'behaviour.yaml');
      writeFileSync(file, 'tests:\n  - name: age\n    type: invariance\n    featur: age\n    values: [1]\n');
      const key = errorOf(() => loadBehaviourTests(file));
      expect(key.code).toBe('INVALID_ARGUMENT');
      expect(key.message).toContain('unknown key "featur" (did you mean "feature"?)');
      expect(key.where).toMatchObject({ file, path: 'tests.0.featur', line: 4, column: 5 });
      writeFileSync(file, 'tests:\n  - name: age\n    type: invariace\n    feature: age\n    values: [1]\n');
      const type = errorOf(() => loadBehaviourTests(file));
      expect(type.message).toContain('(did you mean "invariance"?)');
      expect(type.where).toMatchObject({ path: 'tests.0.type', line: 3, column: 11 });
    } finally {
      dir.cleanup();
    }
  });
});

describe('training configs', () => {
  it('report a misspelt key and a misspelt model at their line and column, before flags are merged', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'train.yaml');
      writeFileSync(file, 'data: iris:1\ntargt: species\nmodel: gbdt\n');
      const key = await rejection(readTrainConfig(file));
      expect(key.code).toBe('CONFIG_INVALID');
      expect(key.message).toContain('unknown key "targt" (did you mean "target"?)');
      expect(key.where).toMatchObject({ file, path: 'targt', line: 2, column: 1 });
      writeFileSync(file, 'data: iris:1\nmodel: lineer\n');
      const model = await rejection(readTrainConfig(file));
      expect(model.message).toContain('(did you mean "linear"?)');
      expect(model.where).toMatchObject({ path: 'model', line: 2, column: 8 });
      // A partial file is fine: the flags fill in the rest.
      writeFileSync(file, 'data: iris:1\nmodel: linear\n');
      expect(await readTrainConfig(file)).toEqual({ data: 'iris:1', model: 'linear' });
    } finally {
      dir.cleanup();
    }
  });
});

async function rejection(promise: Promise<unknown>): Promise<FlywheelError> {
  try {
    await promise;
  } catch (error) {
    return error as FlywheelError;
  }
  throw new Error('no error');
}
