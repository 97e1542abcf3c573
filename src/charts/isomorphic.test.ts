// The charts run in the dashboard's browser bundle as well as in Node: their production files may
// import only each other (no `node:` module, no package, nothing else of Flywheel) and use no DOM
// or Node global. (.dependency-cruiser.cjs checks the Flywheel part too; this covers the rest.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = import.meta.dirname;
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('src/charts is isomorphic', () => {
  it.each(files)('%s imports only sibling files and uses no Node or DOM global', (file) => {
    const text = readFileSync(join(DIR, file), 'utf8');
    const specifiers = [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'/g)].map(
      (m) => m[1] ?? m[2],
    );
    for (const s of specifiers) expect(s).toMatch(/^\.\/[\w-]+\.js$/);
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/\b(process|Buffer|require|document|window|navigator|globalThis)\b/);
    expect(code).not.toMatch(/style="/);
  });
});
