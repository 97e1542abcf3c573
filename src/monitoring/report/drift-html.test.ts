// The HTML report: standalone (no scripts, no external resources), escaped, one chart per column.
import { describe, expect, it } from 'vitest';
import { createTable, dictionaryColumn, float64Column } from '../../data/index.js';
import { driftTables } from '../drift/dataset-drift.js';
import { renderDriftHtml } from './drift-html.js';

describe('renderDriftHtml', () => {
  it('renders every column with a chart, escapes names and labels, loads nothing', () => {
    const names = ['<b>x</b>', 'city'];
    const ref = createTable(names, [
      float64Column([1, 2, 3, 4, 5, 6, 7, 8]),
      dictionaryColumn(['a', 'b', 'a', 'b', 'a', 'b', 'a', '<i>']),
    ]);
    const cur = createTable(names, [
      float64Column([5, 6, 7, 8, 9, 10, 11, 12]),
      dictionaryColumn(['a', 'a', 'a', 'a', 'a', 'a', 'b', 'c&d']),
    ]);
    const report = driftTables(ref, cur, { histograms: true });
    const html = renderDriftHtml(report, { title: 'T <1>' });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|https?:\/\/|<b>x|<i>/);
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('c&amp;d');
    expect(html).toContain('<title>T &lt;1&gt;</title>');
    expect(html.match(/<svg/g)?.length).toBe(2);
    expect(html).toContain('Dataset drift');
  });
});
