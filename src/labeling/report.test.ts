// The labeling report: majority vote always beside the chosen model, accuracies against gold and
// dev labels, and the HTML page escaping what users named (LF names, class names).
import { describe, expect, it } from 'vitest';
import { labelMatrixFromDense } from './matrix.js';
import { runLabelModel } from './model/index.js';
import { buildReport } from './report.js';
import { renderLabelReportHtml } from './report-html.js';

const DENSE = [
  [0, 0, 1],
  [1, 1, 1],
  [0, -1, 0],
  [-1, -1, -1],
  [1, 0, -1],
];
const GOLD = Int32Array.from([0, 1, 0, 1, 1]);

describe('buildReport', () => {
  const matrix = labelMatrixFromDense(DENSE, 2);
  const report = buildReport({
    lfFile: '/x/labeling.ts',
    lfHash: 'a'.repeat(64),
    data: 'mail:1',
    names: ['<b>kw</b>', 'links', 'caps'],
    labels: ['ham', '<spam>'],
    matrix,
    errors: [0, 2, 0],
    threads: 1,
    applyMs: 1,
    gold: GOLD,
    majority: runLabelModel('majority', matrix),
    model: runLabelModel('dawid-skene', matrix),
    dev: { data: 'dev:1', matrix, gold: GOLD },
  });

  it('puts majority vote beside the model, with gold and dev accuracies', () => {
    // Majority vote: rows 0 (0), 1 (1), 2 (0) labelled; row 3 has no votes, row 4 ties → 3 rows.
    expect(report.majority).toMatchObject({
      kind: 'majority',
      labelled: 3,
      coverage: 3 / 5,
      accuracy: 1,
      devAccuracy: 1,
    });
    expect(report.model.kind).toBe('dawid-skene');
    expect(report.analysis.lfs[1]!.errors).toBe(2);
    expect(report.analysis.lfs[0]!.learnedAccuracy).toBeGreaterThan(0);
    expect(report.dev?.rows).toBe(5);
  });

  it('renders a page that escapes LF and class names', () => {
    const html = renderLabelReportHtml(report);
    expect(html).toContain('&lt;b&gt;kw&lt;/b&gt;');
    expect(html).not.toContain('<b>kw</b>');
    expect(html).toContain('&lt;spam&gt;');
    expect(html).toContain('<th>dev accuracy</th>');
  });
});
