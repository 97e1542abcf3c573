// The commands the docs tell people to run must work where the docs run them. The package is not on
// the npm registry, so `npx flywheel` in a project folder fetches some other package, and inside this
// repository its first call after `npm ci` spent ~60 s reinstalling the package into npm's cache.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'dist', '.git', 'build', '.tmp', '.data', 'coverage', '.flywheel']);

function files(dir: string, exts: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : files(path, exts);
    return exts.includes(extname(e.name)) ? [path] : [];
  });
}

/** The lines of fenced code blocks in a markdown text. */
function codeLines(markdown: string): string[] {
  return [...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n'));
}

/** A markdown text cut into what a reader sees as one piece: fenced code blocks, table rows, paragraphs. */
function markdownUnits(markdown: string): string[] {
  const units: string[] = [];
  for (const [i, part] of markdown.split(/(```[\s\S]*?```)/).entries()) {
    if (i % 2 === 1) units.push(part);
    else
      for (const paragraph of part.split(/\n\s*\n/)) {
        const lines = paragraph.split('\n');
        if (lines.every((l) => l.startsWith('|') || l.trim() === '')) units.push(...lines);
        else units.push(paragraph);
      }
  }
  return units;
}

/** A line that runs `npx flywheel` (shell) or names it as an argv (YAML `[npx, flywheel, …]`). */
const NPX = /(^|[\s;&|(`$])npx\s+flywheel\b|\[\s*npx\s*,\s*flywheel\b/;

describe('commands in the docs', () => {
  it("the Quick start's commands are npm's own or this package's scripts", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Quick start');
    const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start))![1]!;
    const scripts = Object.keys(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
        .scripts,
    );
    const commands = block
      .split('\n')
      .map((l) => l.replace(/#.*$/, '').trim())
      .filter(Boolean);
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const c of commands) {
      const [tool, verb, script] = c.split(/\s+/);
      expect({ c, tool }).toEqual({ c, tool: 'npm' });
      if (verb === 'run') expect(scripts).toContain(script);
      else expect(['ci', 'test', 'install']).toContain(verb);
    }
  });

  it('every paragraph, table row or code block that shows FLYWHEEL_TOKEN gives its 16-character minimum', () => {
    const missing: string[] = [];
    for (const file of files(ROOT, ['.md'])) {
      for (const unit of markdownUnits(readFileSync(file, 'utf8'))) {
        if (unit.includes('FLYWHEEL_TOKEN') && !/\b16\b/.test(unit))
          missing.push(`${relative(ROOT, file)}: ${unit}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('no doc, example or config runs `npx flywheel`', () => {
    const found: string[] = [];
    for (const file of files(ROOT, ['.md', '.yaml', '.yml', '.sh'])) {
      const text = readFileSync(file, 'utf8');
      const lines = extname(file) === '.md' ? codeLines(text) : text.split('\n');
      for (const line of lines) if (NPX.test(line)) found.push(`${relative(ROOT, file)}: ${line.trim()}`);
    }
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8').split('\n');
    for (const line of ci) if (NPX.test(line) && !line.trim().startsWith('#')) found.push(`.ci/run: ${line}`);
    expect(found).toEqual([]);
  });
});
