/**
 * The tag catalog is the one place a `flywheel.*` tag name is spelt: every string literal in the
 * production sources under src/ (read with the TypeScript scanner, so comments do not count) is
 * checked for a `flywheel.NAME` that is not in the catalog's file. The few `flywheel.*` strings
 * that are not tags are listed below with what they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { isFlywheelTag, TAG_PREFIX, TAGS } from './tags.js';

const SRC = join(import.meta.dirname, '..');
const CATALOG = 'core/tags.ts';

/** `flywheel.*` strings that are not tag names. */
const NOT_TAGS: Record<string, string> = {
  'flywheel.yaml': 'the workspace config file',
  'flywheel.model': "a model folder's format id (models/serialize.ts)",
  'flywheel.exitHooks': "a Symbol's description (tracking/liveness.ts)",
  ...Object.fromEntries(
    [
      'admin',
      'answer',
      'ask',
      'collect',
      'collected',
      'found',
      'gather',
      'gathered',
      'listening',
      'lookup',
    ].map((m) => [
      `flywheel.${m}`,
      'a message type between the server cluster’s processes (server/cluster.ts)',
    ]),
  ),
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : sources(path);
    return /\.ts$/.test(e.name) && !/\.(test|fixture|contract)\.ts$/.test(e.name) ? [path] : [];
  });
}

/** The text of every string and template literal in a TypeScript source (comments skipped). */
function literals(text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const found: string[] = [];
  const templates: ts.SyntaxKind[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    // Template middles and tails come back as a closing brace; rescan them as template parts.
    if (kind === ts.SyntaxKind.CloseBraceToken && templates.at(-1) === ts.SyntaxKind.TemplateHead) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
    } else if (kind === ts.SyntaxKind.OpenBraceToken) templates.push(kind);
    else if (kind === ts.SyntaxKind.CloseBraceToken) templates.pop();
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(kind);
    if (
      kind === ts.SyntaxKind.StringLiteral ||
      kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
      kind === ts.SyntaxKind.TemplateHead ||
      kind === ts.SyntaxKind.TemplateMiddle ||
      kind === ts.SyntaxKind.TemplateTail
    )
      found.push(scanner.getTokenValue());
  }
  return found;
}

const NAME = /(?<![\w.])flywheel\.[A-Za-z_][\w]*/g;

describe('the tag catalog', () => {
  it('spells every flywheel.* tag name: no tag literal in src/ outside core/tags.ts', () => {
    const stray: string[] = [];
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(300);
    for (const file of files) {
      const where = relative(SRC, file).split('\\').join('/');
      const source = readFileSync(file, 'utf8');
      // Scanning is the cost here; a file that never spells `flywheel.` has no such literal.
      if (where === CATALOG || !source.includes('flywheel.')) continue;
      for (const text of literals(source))
        for (const [name] of text.matchAll(NAME))
          if (!Object.hasOwn(NOT_TAGS, name)) stray.push(`${where}: ${name}`);
    }
    expect(stray).toEqual([]);
  });

  it('finds a tag literal where one is written, and not in comments', () => {
    const code = [
      "const a = { 'flywheel.alert': id };",
      '// flywheel.kind in a comment',
      '/* `flywheel.passed` */',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a TypeScript source's text, not a template
      'const f = `tags.\\`flywheel.target\\` = ${x} and ${`flywheel.stop_reason`}`;',
      "const y = 'flywheel.yaml';",
    ].join('\n');
    expect(literals(code).flatMap((t) => [...t.matchAll(NAME)].map((m) => m[0]))).toEqual([
      'flywheel.alert',
      'flywheel.target',
      'flywheel.stop_reason',
      'flywheel.yaml',
    ]);
  });

  it('keeps the stored names (they are in users’ databases) and their prefix', () => {
    const names = Object.values(TAGS);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every(isFlywheelTag)).toBe(true);
    expect(TAG_PREFIX).toBe('flywheel.');
    expect(TAGS).toMatchObject({
      threshold: 'flywheel.threshold',
      policy: 'flywheel.policy',
      optionalFeatures: 'flywheel.optional_features',
      ensemble: 'flywheel.ensemble',
      alert: 'flywheel.alert',
      kind: 'flywheel.kind',
    });
  });
});
