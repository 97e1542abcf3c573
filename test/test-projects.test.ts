// The unit/integration split of vitest.config.ts: a file is classified by what its text shows it
// does, so these tests pin the rule on a small fixture tree, and check that the hand-kept list of
// indirect integration tests still names real test files (a moved file would silently turn unit).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyTests, INDIRECT } from '../vitest.config.js';

const ROOT = join(import.meta.dirname, '..');

describe('test projects', () => {
  const tree = mkdtempSync(join(tmpdir(), 'flywheel-projects-'));
  afterAll(() => rmSync(tree, { recursive: true, force: true }));
  const file = (path: string, text: string) => {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  };

  it('puts processes, sockets, services and heavy runs in integration, module mocks in their own graph, the rest in unit', () => {
    // Built from parts, so that this file's own text shows none of the markers.
    const from = (module: string) => `import { x } from '${module}';\n`;
    const call = (fn: string) => `await ${fn}(x);\n`;
    file('src/a/pure.test.ts', from('vitest'));
    file('src/a/spawns.test.ts', from('node:child_process'));
    file('src/a/forks.test.ts', from('node:cluster'));
    file('src/b/listens.test.ts', call('app.listen'));
    file('src/b/live.test.ts', call('liveServer'));
    file('src/c/pg.test.ts', call('postgresUnavailable'));
    file('src/c/redis.test.ts', call('redisUnavailable'));
    file('src/c/probe.test.ts', from('./parquet/probe.js'));
    file('src/d/mocks.test.ts', call('vi.mock'));
    file('src/d/fuzz.heavy.test.ts', from('vitest'));
    file('src/d/helper.ts', from('node:child_process')); // not a test file
    file('test/e.test.ts', call('promtoolCheck'));
    file('test/e2e/f.test.ts', from('playwright-core'));
    const projects = Object.fromEntries([...classifyTests(tree)].map(([f, c]) => [f, c.project]));
    expect(projects).toEqual({
      'src/a/pure.test.ts': 'unit',
      'src/a/forks.test.ts': 'integration',
      'src/a/spawns.test.ts': 'integration',
      'src/b/listens.test.ts': 'integration',
      'src/b/live.test.ts': 'integration',
      'src/c/pg.test.ts': 'integration',
      'src/c/redis.test.ts': 'integration',
      'src/c/probe.test.ts': 'integration',
      'src/d/mocks.test.ts': 'unit-isolated',
      'src/d/fuzz.heavy.test.ts': 'integration',
      'test/e.test.ts': 'integration',
      'test/e2e/f.test.ts': 'integration',
    });
  });

  it('names only test files that exist in the hand-kept list of indirect integration tests', () => {
    for (const path of Object.keys(INDIRECT)) {
      expect(path, `${path}: moved or deleted? update INDIRECT in vitest.config.ts`).toMatch(/\.test\.ts$/);
      expect(
        existsSync(join(ROOT, path)),
        `${path}: moved or deleted? update INDIRECT in vitest.config.ts`,
      ).toBe(true);
    }
  });

  it('classifies this repository: the demo, the server binary and the PostgreSQL suite are integration', () => {
    const c = classifyTests(ROOT);
    expect(c.get('src/demo/demo.test.ts')?.project).toBe('integration');
    expect(c.get('src/storage/metadata/postgres.test.ts')?.project).toBe('integration');
    expect(c.get('src/server/cluster.test.ts')?.project).toBe('integration');
    expect(c.get('test/test-projects.test.ts')?.project).toBe('unit');
  });
});
