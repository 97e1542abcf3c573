import { describe, expect, it } from 'vitest';
import { parseConfig } from '../workspace-config.js';
import type { FlywheelError } from './errors.js';
import { parseYaml, YAML_LIMITS } from './yaml.js';

/** Nine aliases per level, seven levels: 9^7 ≈ 4.8 million strings once expanded. */
const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...['b', 'c', 'd', 'e', 'f', 'g'].map(
    (k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`,
  ),
].join('\n');

function errorOf(run: () => unknown): FlywheelError {
  try {
    run();
  } catch (error) {
    return error as FlywheelError;
  }
  throw new Error('no error');
}

describe('reading YAML', () => {
  it('reports a billion-laughs flywheel.yaml as a config error (exit 78), not INTERNAL', () => {
    const text = `version: 1\nmetadata: { url: "sqlite:m.db" }\nartifacts: { url: "file:o" }\n${BILLION_LAUGHS}\n`;
    const e = errorOf(() => parseConfig(text, '/ws/flywheel.yaml', {}));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.exitCode).toBe(78);
    expect(e.message).toContain(`aliases expand more than ${YAML_LIMITS.maxAliasCount} times`);
    expect(e.where?.file).toBe('/ws/flywheel.yaml');
  });

  it('refuses flow collections nested absurdly deep before the parser sees them', () => {
    const deep = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const e = errorOf(() => parseConfig(deep, 'flywheel.yaml', {}));
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', where: { line: 1 } });
    expect(e.message).toContain(`nest more than ${YAML_LIMITS.maxFlowDepth} deep`);
    // Brackets inside quotes and comments do not count.
    expect(
      parseYaml(`a: "${'['.repeat(200)}" # ${'{'.repeat(200)}\n`, { file: 'x', code: 'DATA_INVALID' }),
    ).toEqual({
      a: '['.repeat(200),
    });
  });

  it('gives each reader its own code, with the line of a syntax error', () => {
    expect(
      errorOf(() => parseYaml(BILLION_LAUGHS, { file: 'suite.yaml', code: 'DATA_INVALID' })),
    ).toMatchObject({
      code: 'DATA_INVALID',
    });
    const bad = errorOf(() => parseYaml('a: 1\nb: [1,\n', { file: 't.yaml', code: 'DATA_INVALID' }));
    expect(bad).toMatchObject({ code: 'DATA_INVALID', where: { file: 't.yaml', line: 3 } });
    expect(parseYaml('a: &x 1\nb: [*x, *x]\n', { file: 'ok.yaml', code: 'DATA_INVALID' })).toEqual({
      a: 1,
      b: [1, 1],
    });
  });
});
