#!/usr/bin/env node
// Line coverage per module folder (src/<module>/, src/storage/<store>/), from the json-summary
// report Vitest's coverage writes (coverage/coverage-summary.json). The bar is 80% of lines
// for every domain folder: folders under it are marked, and with --fail-under N the script exits 1
// when one is under N.
//
// Usage: node scripts/coverage-by-folder.js [coverage/coverage-summary.json] [--fail-under N]
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const args = process.argv.slice(2);
const flag = args.indexOf('--fail-under');
const failUnder = flag >= 0 ? Number(args.splice(flag, 2)[1]) : undefined;
const BAR = 80;
const file = resolve(args[0] ?? 'coverage/coverage-summary.json');
const summary = JSON.parse(readFileSync(file, 'utf8'));
const files = Object.keys(summary).filter((k) => k !== 'total');
/** The checkout the report was made in (CI makes it in a fresh clone): the folder holding src/. */
const root = (() => {
  let prefix = files[0] ?? '';
  for (const f of files) while (!f.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const at = `${prefix}/`.lastIndexOf('/src/');
  if (at >= 0) return prefix.slice(0, at);
  // Files under src/ and web/ (the dashboard) share the checkout's folder as their prefix.
  if (prefix.endsWith('/')) return prefix.slice(0, -1);
  return prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : resolve('.');
})();

/** The module a source file belongs to: its first folder under src/ (two for storage/). */
function folderOf(path) {
  const parts = relative(root, path).split('/');
  if (parts[0] === 'web') return 'web/';
  if (parts[0] !== 'src') return undefined;
  if (parts.length === 2) return 'src/*.ts';
  return parts[1] === 'storage' && parts.length > 3 ? `src/storage/${parts[2]}/` : `src/${parts[1]}/`;
}

const folders = new Map();
for (const [path, data] of Object.entries(summary)) {
  if (path === 'total') continue;
  const folder = folderOf(path);
  if (folder === undefined) continue;
  const f = folders.get(folder) ?? { total: 0, covered: 0, files: 0 };
  f.total += data.lines.total;
  f.covered += data.lines.covered;
  f.files += 1;
  folders.set(folder, f);
}

const pct = (f) => (f.total === 0 ? 100 : (100 * f.covered) / f.total);
const rows = [...folders].sort(([a], [b]) => a.localeCompare(b));
console.log(`line coverage by folder (${file})`);
console.log(`${'folder'.padEnd(26)} ${'lines'.padStart(7)} ${'covered'.padStart(8)} ${'%'.padStart(7)}`);
for (const [folder, f] of rows) {
  const mark = pct(f) < BAR ? `  < ${BAR}%` : '';
  console.log(
    `${folder.padEnd(26)} ${String(f.total).padStart(7)} ${String(f.covered).padStart(8)} ${pct(f).toFixed(1).padStart(7)}${mark}`,
  );
}
const t = summary.total.lines;
console.log(
  `${'all'.padEnd(26)} ${String(t.total).padStart(7)} ${String(t.covered).padStart(8)} ${t.pct.toFixed(1).padStart(7)}`,
);
const under = rows.filter(([, f]) => pct(f) < BAR).map(([folder]) => folder);
console.log(
  under.length === 0
    ? `every folder has at least ${BAR}% of its lines covered`
    : `under ${BAR}%: ${under.join(', ')}`,
);
if (failUnder !== undefined) {
  const failing = rows.filter(([, f]) => pct(f) < failUnder);
  if (failing.length > 0) {
    console.error(`coverage: ${failing.map(([folder]) => folder).join(', ')} under ${failUnder}% of lines`);
    process.exit(1);
  }
}
