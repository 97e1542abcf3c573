import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededUniform } from '../../core/index.js';
import { readTable, rowObject, type Table } from '../../data/index.js';
import { attachLabels, readFeedback, readPredictionLog } from '../../prediction-log/index.js';
import { tempDir } from '../../testing/services.js';
import { monitorLog, monitorTraffic } from '../monitor.js';
import { renderMonitorHtml } from './monitor-html.js';

const IRIS = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'iris.csv');
// A feature whose name is markup: the page must show it as text.
const EVIL = 'petal <script>alert(1)</script> (cm)';
const EVIL_HTML = 'petal &lt;script&gt;alert(1)&lt;/script&gt; (cm)';

/**
 * 8 windows of 150 served iris rows (resampled, seed 3 as in monitor.test.ts), petal length and
 * petal width shifted by 1.5 and 1.0 from window 5 on (2 of 4 features: dataset drift at the 50%
 * threshold). A 3-class model predicts the true class except on every 10th request, always with
 * probability 0.9; labels come back for the first 900 requests (windows 0–5) only.
 */
function writeLog(dir: string, reference: Table): void {
  const rand = seededUniform(3);
  const lines: string[] = [];
  const feedback: string[] = [];
  const t0 = Date.parse('2026-11-26T10:00:00Z');
  for (let i = 0; i < 1200; i++) {
    const row = rowObject(reference, Math.floor(rand() * reference.rowCount));
    const label = Number(row.target);
    delete row.target;
    if (i >= 750) {
      row[EVIL] = Number(row[EVIL]) + 1.5;
      row['petal width (cm)'] = Number(row['petal width (cm)']) + 1;
    }
    const predicted = i % 10 === 0 ? (label + 1) % 3 : label;
    const probabilities = [0, 1, 2].map((c) => (c === predicted ? 0.9 : 0.05));
    const time = new Date(t0 + i * 1000).toISOString();
    lines.push(
      JSON.stringify({
        kind: 'prediction',
        time,
        request_id: `r${i}`,
        model: 'iris',
        version: 1,
        route: 'primary',
        features: row,
        prediction: predicted,
        probabilities,
      }),
    );
    if (i < 900) feedback.push(JSON.stringify({ kind: 'feedback', time, request_id: `r${i}`, label }));
  }
  const folder = join(dir, 'model=iris', 'hour=2026-11-26T10');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'part-1.jsonl'), `${lines.join('\n')}\n`);
  mkdirSync(join(dir, 'feedback', 'hour=2026-11-26T10'), { recursive: true });
  writeFileSync(join(dir, 'feedback', 'hour=2026-11-26T10', 'part-1.jsonl'), `${feedback.join('\n')}\n`);
}

describe('the monitor HTML page', () => {
  it('charts drift, missing values and performance over time, and the drifted window', async () => {
    const iris = await readTable(IRIS);
    const reference: Table = {
      ...iris,
      names: iris.names.map((n) => (n === 'petal length (cm)' ? EVIL : n)),
    };
    const dir = tempDir();
    try {
      writeLog(dir.path, reference);
      const options = {
        model: 'iris',
        referenceName: 'iris.csv',
        window: '150',
        output: { task: 'multiclass' as const, classes: [0, 1, 2], target: 'target' },
        // A perfect model on the reference: its predictions are the labels.
        referencePredictions: Array.from(
          { length: reference.rowCount },
          (_, i) => rowObject(reference, i).target!,
        ),
        histograms: true,
      };
      const report = await monitorLog(dir.path, reference, options);
      expect(report.firstDrift).toBe(5);
      expect(report.windows[5]!.drift).toBe(true);
      // The first window with dataset drift is the one charted, with every column's histograms.
      expect(report.histograms?.window).toBe(5);
      const charted = report.histograms!.columns.find((c) => c.column === EVIL)!;
      expect(charted.drift).toBe(true);
      expect(charted.histogram?.reference.length).toBeGreaterThan(1);
      // Per-window columns stay small: no histograms there.
      expect(JSON.stringify(report.windows)).not.toContain('"histogram"');

      const page = renderMonitorHtml(report);
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toContain('<script>alert');
      for (const chart of ['drift share per window', 'missing rate per window', 'accuracy per window'])
        expect(page).toContain(
          `<svg class="fw-chart fw-line" data-chart="line" viewBox="0 0 720 230" width="720" height="230" role="img" aria-label="${chart}">`,
        );
      // Window 5: 2 of 4 features drifted.
      expect(page).toContain('<title>window 5: share of drifted features 0.5</title>');
      // The drifted feature's cell in the heat table, escaped.
      expect(page).toMatch(
        new RegExp(`<td class="fw-h[34] fw-flag" title="${EVIL_HTML.replace(/[()]/g, '\\$&')}: ks `),
      );
      expect(page).not.toMatch(/<td class="fw-h[34] fw-flag" title="sepal width \(cm\)/);
      // Realised accuracy in a labelled window: 15 of its 150 requests (every 10th) are wrong,
      // 135/150 = 0.9. Windows 6 and 7 have no labels, so no realised point.
      expect(page).toContain('<title>window 0: realised accuracy 0.9</title>');
      expect(page).not.toContain('window 6: realised accuracy');
      // CBPE: every row's predicted class has probability 0.9, so the estimate is 0.9 and its
      // standard error sqrt(150 · 0.9 · 0.1) / 150 = 0.024495; ± 2 SE = 0.85101 … 0.94899.
      expect(page).toContain('<title>window 6: estimated accuracy (CBPE) ± 2 SE 0.9 (0.851 – 0.949)</title>');
      // The histogram section of the drifted column, with its chart.
      expect(page).toContain('<h2>Reference vs window 5</h2>');
      expect(page).toMatch(
        new RegExp(
          `<section><h3>${EVIL_HTML.replace(/[()]/g, '\\$&')}<span class="tag">numeric</span> <span class="drift">drift</span></h3>.*?<svg class="fw-chart fw-histogram" data-chart="histogram" viewBox="0 0 560 190"`,
        ),
      );

      // No window with dataset drift: the last window is charted.
      const { records } = await readPredictionLog(dir.path, 'iris');
      attachLabels(records, (await readFeedback(dir.path, 'iris')).labels);
      const calm = monitorTraffic(records.slice(0, 600), reference, options);
      expect(calm.firstDrift).toBeNull();
      expect(calm.histograms?.window).toBe(3);
      expect(renderMonitorHtml(calm)).toContain('the last window (no window had dataset drift)');
      const plain = monitorTraffic(records.slice(0, 600), reference, { ...options, histograms: false });
      expect(plain.histograms).toBeUndefined();
      expect(renderMonitorHtml(plain)).toContain('No histograms in this report.');
    } finally {
      dir.cleanup();
    }
  });
});
