// Two kinds of tests, as Vitest projects. `integration`: every test file that starts processes
// (spawn/fork/exec: the CLI binary, forked writers and servers, bash, git, promtool), listens on a
// socket, talks to PostgreSQL or Redis, or runs the whole demo — slower, and it needs the services
// (.ci/run starts them) — and the full-size runs of unit checks (NAME.heavy.test.ts). `unit`:
// everything else, in-process; `npm run test:unit` is the edit loop. `npm test` runs both. A file
// is classified by what it does: the markers below are read from its text, so a new or moved test
// lands in the right project without editing this file; INDIRECT lists the few that do it through
// a helper the markers cannot see (test/test-projects.test.ts checks that each still exists and
// still is a test file).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

/** What in a test file's text makes it an integration test, and why. */
export const MARKERS: [RegExp, string][] = [
  [/from 'node:child_process'/, 'starts processes'],
  [/from 'node:cluster'/, 'starts processes (cluster workers)'],
  [/\bspawnServer\(|\bpromtoolCheck\(/, 'starts processes (a server child, promtool)'],
  [/from '[^']*\/probe\.js'/, 'reads Parquet in child processes (data/parquet/probe.ts)'],
  [/\.listen\(|\bliveServer\(|\bstartServer\(/, 'listens on a socket'],
  [/\bpostgresUnavailable\(|\bredisUnavailable\(/, 'uses PostgreSQL or Redis'],
  [/from 'playwright-core'/, "drives a browser (Chromium, the dashboard's end-to-end tests)"],
];

/** Integration tests whose processes, sockets or services are behind a helper. */
export const INDIRECT: Record<string, string> = {
  'src/demo/demo.test.ts': 'runs the whole demo (a server, traffic, retraining)',
  'src/data/isolated-read.test.ts': 'reads files in child processes (data/isolated-read.ts)',
};

/**
 * `NAME.heavy.test.ts`: the full-size run of a check whose unit test runs a smaller one (a fuzz or
 * property test's full count, a reference score on the full dataset). In-process, but too slow for
 * the edit loop, so it runs with the integration tests (`npm test`, CI).
 */
export const HEAVY = /\.heavy\.test\.ts$/;

/** A unit test file that replaces a module (vi.mock) gets a module graph of its own. */
export const MOCKS = /\bvi\.mock\(/;

const ROOTS = ['src', 'test', 'web'];

/** Where a test file runs, and why. */
export interface TestClass {
  project: 'unit' | 'unit-isolated' | 'integration';
  why?: string;
}

/** Every test file, relative to the repository root, with its project. */
export function classifyTests(root = import.meta.dirname): Map<string, TestClass> {
  const out = new Map<string, TestClass>();
  for (const top of ROOTS) {
    if (!existsSync(join(root, top))) continue;
    const entries = readdirSync(join(root, top), { recursive: true, encoding: 'utf8' });
    for (const entry of entries.sort()) {
      if (!entry.endsWith('.test.ts') || entry.split('/').includes('node_modules')) continue;
      const file = `${top}/${entry}`;
      const text = readFileSync(join(root, file), 'utf8');
      const why =
        INDIRECT[file] ??
        (HEAVY.test(file) ? 'the full-size run of a unit check (slow)' : undefined) ??
        MARKERS.find(([re]) => re.test(text))?.[1];
      if (why !== undefined) out.set(file, { project: 'integration', why });
      else out.set(file, { project: MOCKS.test(text) ? 'unit-isolated' : 'unit' });
    }
  }
  return out;
}

const classes = [...classifyTests()];
const inProject = (name: TestClass['project']) =>
  classes.filter(([, c]) => c.project === name).map(([f]) => f);
const integration = inProject('integration');
const isolated = inProject('unit-isolated');

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Transformed modules are kept on disk (node_modules/.experimental-vitest-cache, keyed by the
    // file's content and the config) and reused by the next run, so a run after an edit transforms
    // only what changed: one CLI test file took 11.7 CPU-seconds cold and 7.5 warm. (A whole run
    // transforms each module once either way; there the saving is within the noise.)
    experimental: { fsModuleCache: true },
    projects: [
      // One module graph per worker instead of one per file: the platform's imports (DuckDB, Fastify,
      // Kysely…) load once, not once per file — about a third of the CPU time (measured in the commit).
      {
        extends: true,
        test: {
          name: 'unit',
          include: ROOTS.map((r) => `${r}/**/*.test.ts`),
          exclude: [...configDefaults.exclude, ...integration, ...isolated],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'unit-isolated', include: isolated } },
      { extends: true, test: { name: 'integration', include: integration } },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: [
        'src/**/*.test.ts',
        'src/**/*.fixture.ts',
        'src/**/*.contract.ts',
        'src/testing/**',
        'src/**/fixtures/**',
      ],
      reporter: ['text-summary', 'json-summary'],
      // A failing test still gives its coverage figures (the run's exit code says it failed).
      reportOnFailure: true,
      reportsDirectory: 'coverage',
    },
  },
});
