// The dashboard's screenshots in docs/ are the end-to-end test's (dashboard.test.ts under
// FLYWHEEL_SCREENSHOTS=1): each page's PNG is there, at the test's viewport, and docs/dashboard.md
// shows every one; the README shows one of them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_SHOTS, STATE_SHOTS, VIEWPORT } from './shots.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DOCS = join(ROOT, 'docs');

/** Width and height from a PNG's IHDR chunk (after the 8-byte signature and the chunk header). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the dashboard screenshots in docs/', () => {
  const page = readFileSync(join(DOCS, 'dashboard.md'), 'utf8');

  it.each([...PAGE_SHOTS, ...STATE_SHOTS])('docs/dashboard/%s.png is a screenshot the docs show', (name) => {
    const bytes = readFileSync(join(DOCS, 'dashboard', `${name}.png`));
    expect(pngSize(bytes)).toEqual(VIEWPORT);
    expect(page).toContain(`](dashboard/${name}.png)`);
  });

  it('the README shows one', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/\]\(docs\/dashboard\/([a-z-]+)\.png\)/g)].map((m) => m[1]);
    expect(shown.length).toBeGreaterThan(0);
    for (const name of shown) expect([...PAGE_SHOTS, ...STATE_SHOTS]).toContain(name);
  });

  it('says how to make them again', () => {
    expect(page).toContain('FLYWHEEL_SCREENSHOTS=1 npx vitest run test/e2e/dashboard.test.ts');
  });
});
