// A fresh clone with nothing beside it must run its tests, scripts and docs: no file of the project
// may read, run or link a path outside the repository (as tests once read ../shared/data).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
/** Build outputs, installed packages and scratch folders: not part of the project's own files. */
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  '.git',
  'build',
  '.tmp',
  '.data',
  'coverage',
  '.flywheel',
]);
const CODE = new Set(['.ts', '.js', '.mjs', '.cjs']);
const TEXT = new Set([...CODE, '.md', '.sh', '.py', '.json', '.yaml', '.yml', '']);

/** Every file of the project that code, scripts or docs live in. */
function projectFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...projectFiles(path));
    } else if (entry.isFile() && TEXT.has(extname(entry.name)) && entry.name !== 'package-lock.json') {
      out.push(path);
    }
  }
  return out;
}

const outside = (path: string) => {
  const rel = relative(ROOT, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
};

/** The paths a file builds or links, resolved, with the line they are on. */
function referencedPaths(file: string, text: string): Array<{ line: number; target: string }> {
  const found: Array<{ line: number; target: string }> = [];
  const add = (index: number, target: string) =>
    found.push({ line: text.slice(0, index).split('\n').length, target });
  const ext = extname(file);
  if (CODE.has(ext)) {
    // join(import.meta.dirname, '..', 'x') and the bench's join(here, …), with literal segments.
    const joins = /\b(?:join|resolve)\(\s*(?:import\.meta\.dirname|here|__dirname)\s*((?:,\s*'[^']*'\s*)+)/g;
    for (const m of text.matchAll(joins)) {
      const parts = [...m[1]!.matchAll(/'([^']*)'/g)].map((p) => p[1]!);
      add(m.index, join(dirname(file), ...parts));
    }
    // new URL('../x', import.meta.url)
    for (const m of text.matchAll(/new URL\(\s*'([^']+)'\s*,\s*import\.meta\.url\s*\)/g))
      add(m.index, fileURLToPath(new URL(m[1]!, `file://${file}`)));
  }
  if (ext === '.md') {
    // [text](target): relative links (not URLs, anchors or mail).
    for (const m of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(m[1]!)) add(m.index, resolve(dirname(file), m[1]!));
    }
  }
  // A literal climb to the folder beside the repository, wherever it is written.
  for (const m of text.matchAll(/(?:\.\.\/)+shared\//g)) add(m.index, resolve(dirname(ROOT), 'shared'));
  return found;
}

describe('the repository is self-contained', () => {
  it('finds a path outside the repository in the forms it checks', () => {
    const file = join(ROOT, 'src', 'x', 'a.test.ts');
    const code = [
      "const A = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');",
      "const B = new URL('../../../shared/specs/s.yaml', import.meta.url);",
      "const C = join(import.meta.dirname, '..', '..', 'test', 'fixtures');",
    ].join('\n');
    const paths = referencedPaths(file, code);
    expect(paths.filter((p) => outside(p.target)).map((p) => p.line)).toEqual([1, 2, 2]);
    const md = referencedPaths(join(ROOT, 'README.md'), 'see [D](../shared/DESIGN.md) and [C](docs/cli.md)');
    expect(md.filter((p) => outside(p.target))).toHaveLength(2);
  });

  it('no test, script, benchmark or doc link of the project points outside it', () => {
    const files = projectFiles();
    expect(files.length).toBeGreaterThan(100);
    const escapes: string[] = [];
    for (const file of files) {
      if (file === fileURLToPath(import.meta.url)) continue; // its own examples above
      for (const p of referencedPaths(file, readFileSync(file, 'utf8'))) {
        if (outside(p.target)) escapes.push(`${relative(ROOT, file)}:${p.line} → ${p.target}`);
      }
    }
    expect(escapes).toEqual([]);
  });
});
