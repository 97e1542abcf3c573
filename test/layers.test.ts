// The layer rules of .dependency-cruiser.cjs (what `npm run lint:layers` checks in CI), run through
// dependency-cruiser's API on small fixture trees: each rule must flag a deliberate violation of
// it, a tree that keeps the rules must pass, and a baselined (known) violation must be let through
// while a new one still fails.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A tree that keeps every rule: core at the bottom, a domain on it, the CLI on the domain's index. */
const CLEAN: Record<string, string> = {
  'src/core/index.ts': "export { FlywheelError } from './errors.js';\n",
  'src/core/errors.ts': 'export class FlywheelError extends Error {}\n',
  'src/storage/metadata/index.ts':
    "import { FlywheelError } from '../../core/index.js';\nexport const e = FlywheelError;\n",
  'src/data/index.ts':
    "export { readTable } from './read.js';\nexport { decode } from './parquet/index.js';\n",
  'src/data/read.ts':
    "import { FlywheelError } from '../core/index.js';\nimport { decode } from './parquet/index.js';\nexport const readTable = () => [FlywheelError, decode];\n",
  'src/data/table.ts': 'export const table = 1;\n',
  'src/data/parquet/index.ts': "export { decode } from './decode.js';\n",
  'src/data/parquet/decode.ts': "import { table } from '../table.js';\nexport const decode = table;\n", // a file of the folder above: allowed
  'src/models/index.ts': "import { readTable } from '../data/index.js';\nexport const model = readTable;\n",
  'src/platform.ts': "import { model } from './models/index.js';\nexport const openPlatform = model;\n",
  'src/cli/main.ts':
    "import { openPlatform } from '../platform.js';\nimport { readTable } from '../data/index.js';\nexport const main = [openPlatform, readTable];\n",
  'src/server/app.ts': "import { openPlatform } from '../platform.js';\nexport const app = openPlatform;\n",
};

/** The violations dependency-cruiser finds in CLEAN with `change` applied, as "rule: from → to". */
async function violations(change: Record<string, string>, known: IViolation[] = []): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-layers-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries({ ...CLEAN, ...change })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true },
      include: ['src'],
    }),
  );
  const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));
  const result = await cruise(
    ['src'],
    { ...options, baseDir: dir, tsConfig: { fileName: tsconfig }, knownViolations: known },
    undefined,
    { tsConfig: extractTSConfig(tsconfig) },
  );
  if (typeof result.output === 'string') throw new Error(result.output);
  const { summary } = result.output;
  return summary.violations
    .filter((v) => v.rule.severity !== 'ignore')
    .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('layer rules (.dependency-cruiser.cjs)', () => {
  it('pass a tree that keeps them', async () => {
    expect(await violations({})).toEqual([]);
  });

  it('fail core importing a domain', async () => {
    const found = await violations({
      'src/core/errors.ts':
        "import { readTable } from '../data/index.js';\nexport class FlywheelError extends Error { r = readTable; }\n",
    });
    expect(found).toContain('core-knows-no-domain: src/core/errors.ts → src/data/index.ts');
  });

  it('fail storage importing a domain', async () => {
    const found = await violations({
      'src/storage/metadata/index.ts': "export { model } from '../../models/index.js';\n",
    });
    expect(found).toContain('storage-knows-no-domain: src/storage/metadata/index.ts → src/models/index.ts');
  });

  it('fail a domain importing the CLI or the server', async () => {
    const found = await violations({ 'src/models/index.ts': "export { app } from '../server/app.js';\n" });
    expect(found).toContain('domain-imports-no-cli-or-server: src/models/index.ts → src/server/app.ts');
  });

  it("fail the CLI reaching past a module's index", async () => {
    const found = await violations({ 'src/cli/main.ts': "export { table } from '../data/table.js';\n" });
    expect(found).toContain('cli-server-use-public-entry-points: src/cli/main.ts → src/data/table.ts');
  });

  it('fail a file entering another folder other than through its index', async () => {
    const found = await violations({
      'src/models/index.ts': "export { decode } from '../data/parquet/decode.js';\n",
    });
    expect(found).toContain('enter-folders-through-index: src/models/index.ts → src/data/parquet/decode.ts');
    const inside = await violations({
      'src/data/read.ts': "import { decode } from './parquet/decode.js';\nexport const readTable = decode;\n",
    });
    expect(inside).toEqual(['enter-folders-through-index: src/data/read.ts → src/data/parquet/decode.ts']);
  });

  it('fail two folders that depend on each other', async () => {
    const found = await violations({
      'src/data/table.ts': "import { model } from '../models/index.js';\nexport const table = model;\n",
    });
    expect(found.some((v) => v.startsWith('no-folder-cycles: src/data'))).toBe(true);
  });

  it('let a known (baselined) violation through, and still fail a new one', async () => {
    const bad = { 'src/cli/main.ts': "export { table } from '../data/table.js';\n" };
    const [first] = await violations(bad);
    expect(first).toBeDefined();
    // The import breaks two rules; the baseline records each (as `npm run lint:layers:baseline` does).
    const known: IViolation[] = ['cli-server-use-public-entry-points', 'enter-folders-through-index'].map(
      (name) => ({
        type: 'dependency',
        from: 'src/cli/main.ts',
        to: 'src/data/table.ts',
        rule: { severity: 'error', name },
      }),
    );
    expect(await violations(bad, known)).toEqual([]);
    const more = { ...bad, 'src/server/app.ts': "export { table } from '../data/table.js';\n" };
    expect(await violations(more, known)).toEqual([
      'cli-server-use-public-entry-points: src/server/app.ts → src/data/table.ts',
      'enter-folders-through-index: src/server/app.ts → src/data/table.ts',
    ]);
  });
});
