#!/usr/bin/env node
// The benchmark harness: `npm run bench -- NAME [args]` runs bench/NAME.bench.js against the built
// library in dist/ (run `npm run build` after changing src/). Every benchmark prints its figures
// as ratios against a reference measured in the same run, so results are comparable across machines.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .map((f) => f.slice(0, -'.bench.js'.length))
  .sort();
const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h') {
  console.log(
    `usage: npm run bench -- NAME [args]\n\nbenchmarks:\n${available.map((n) => `  ${n}`).join('\n')}`,
  );
  process.exit(name ? 0 : 64);
}
if (!available.includes(name)) {
  console.error(`error: no benchmark named "${name}"; available: ${available.join(', ')}`);
  process.exit(64);
}
const result = spawnSync(process.execPath, ['--expose-gc', join(here, `${name}.bench.js`), ...rest], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
