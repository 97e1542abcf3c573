// Every YAML file Flywheel reads refuses a "billion laughs" file and absurd nesting with its own
// error code (never INTERNAL, never a crash): each reader goes through core/yaml.ts.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBehaviourTests } from '../evaluation/behaviour.js';
import { parseServeConfig } from '../serving/index.js';
import { tempDir } from '../testing/services.js';
import { readTrainConfig } from '../training/index.js';
import { parseSuite } from '../validation/index.js';

const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...['b', 'c', 'd', 'e', 'f', 'g'].map(
    (k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`,
  ),
].join('\n');
const DEEP = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;

async function codeOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
  return 'no error';
}

describe('every YAML reader', () => {
  const dir = tempDir();
  const file = (name: string, text: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, text);
    return path;
  };

  it.each([
    ['a suite', (t: string) => parseSuite(t, 'suite.yaml'), 'INVALID_ARGUMENT'],
    ['behaviour tests', (t: string) => loadBehaviourTests(file('b.yaml', t)), 'INVALID_ARGUMENT'],
    ['a training config', (t: string) => readTrainConfig(file('t.yaml', t)), 'CONFIG_INVALID'],
  ])('reads %s with the bounds of core/yaml.ts', async (_what, read, code) => {
    expect(await codeOf(() => read(BOMB))).toBe(code);
    expect(await codeOf(() => read(DEEP))).toBe(code);
  });

  it('refuses an alias bomb in serve.yaml as a config error', async () => {
    expect(await codeOf(() => parseServeConfig(BOMB, 'serve.yaml'))).toBe('CONFIG_INVALID');
  });

  it('leaves no other module parsing YAML by itself', () => {
    const src = new URL('..', import.meta.url).pathname;
    const readers: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)) {
          if (/from 'yaml'/.test(readFileSync(p, 'utf8'))) readers.push(p.slice(src.length));
        }
      }
    };
    walk(src);
    // Everyone else reads through readYaml / parseYamlWith (file:line:column, did-you-mean).
    expect(readers.sort()).toEqual(['core/yaml.ts', 'validation/suite.ts']);
  });
});
