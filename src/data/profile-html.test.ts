import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../core/index.js';
import { profileTable } from './profile.js';
import { renderProfileHtml } from './profile-html.js';
import { readTable } from './read.js';
import { tableFromRows } from './table-build.js';

const SHARED = fileURLToPath(new URL('../../test/fixtures/data/', import.meta.url));

describe('renderProfileHtml', () => {
  it('draws a histogram for every numeric column of a shared dataset', async () => {
    const profile = profileTable(await readTable(join(SHARED, 'iris.csv')));
    const html = renderProfileHtml(profile, { title: 'iris' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg [^>]*data-chart="histogram"/g)).toHaveLength(5);
    // One bar per bin, with the bin's range and count as a tooltip.
    const bins = profile.columns.reduce((n, c) => n + c.histogram!.counts.length, 0);
    expect(html.match(/<rect class="fw-bar"/g)).toHaveLength(bins);
    expect(html).toContain('<title>[-0.5, 0.5): 50</title>');
    expect(html).toContain('sepal length (cm)');
  });

  it('draws top values for strings and bools, and escapes what it prints', () => {
    const profile = profileTable(
      tableFromRows([
        { '<b>name</b>': '<script>alert(1)</script>', ok: true, when: new Date(Date.UTC(2024, 0, 1)) },
        { '<b>name</b>': 'plain', ok: false, when: new Date(Date.UTC(2024, 0, 2)) },
      ]),
    );
    const html = renderProfileHtml(profile);
    expect(html.match(/<svg [^>]*data-chart="bar"/g)).toHaveLength(2);
    expect(html).toContain('2024-01-01T00:00:00.000Z');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>name</b>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('is standalone: no scripts, no external resources', async () => {
    const html = renderProfileHtml(profileTable(await readTable(join(SHARED, 'wine.csv'))));
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|https?:|@import|url\(/i);
  });

  it('escapes all five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
