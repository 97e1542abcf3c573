import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededUniform } from '../core/index.js';
import { readTable, rowObject } from '../data/index.js';
import { tempDir } from '../testing/services.js';
import { monitorLog, windowsOf } from './monitor.js';

const IRIS = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'data', 'iris.csv');

describe('monitor over the prediction log', () => {
  it('finds the first window with dataset drift, and none before', async () => {
    const reference = await readTable(IRIS);
    const dir = tempDir();
    try {
      // 8 windows of 150 requests: resampled iris rows, petal length shifted by 1.5 cm (about 0.85
      // standard deviations) from window 2 on and petal width by 1 cm from window 5 on: 1 of 4
      // features (25%, under the 50% dataset threshold) in windows 2–4, 2 of 4 from window 5.
      // Written as the server writes its segments.
      const rand = seededUniform(3);
      const lines: string[] = [];
      const t0 = Date.parse('2026-11-26T10:00:00Z');
      for (let i = 0; i < 1200; i++) {
        const row = rowObject(reference, Math.floor(rand() * reference.rowCount));
        delete row.target;
        if (i >= 300) row['petal length (cm)'] = Number(row['petal length (cm)']) + 1.5;
        if (i >= 750) row['petal width (cm)'] = Number(row['petal width (cm)']) + 1;
        lines.push(
          JSON.stringify({
            kind: 'prediction',
            time: new Date(t0 + i * 1000).toISOString(),
            request_id: `r${i}`,
            model: 'iris',
            version: i < 975 ? 1 : 2,
            route: 'primary',
            latency_ms: 1,
            features: row,
            prediction: 0,
          }),
        );
        if (i % 97 === 0)
          lines.push(
            JSON.stringify({
              kind: 'prediction',
              time: new Date(t0 + i * 1000).toISOString(),
              request_id: `s${i}`,
              model: 'iris',
              version: 9,
              route: 'shadow',
              features: { 'petal length (cm)': 99 },
            }),
          );
      }
      lines.push('{broken');
      const folder = join(dir.path, 'model=iris', 'hour=2026-11-26T10');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'part-1.jsonl'), `${lines.join('\n')}\n`);
      const report = await monitorLog(dir.path, reference, {
        model: 'iris',
        referenceName: 'iris.csv',
        window: '150',
      });
      expect(report.windows).toHaveLength(8);
      expect(report.skippedLines).toBe(1);
      expect(report.windows.map((w) => w.rows)).toEqual(Array(8).fill(150)); // shadow records are not traffic
      // One definition of a drifted window: dataset drift. A feature drifting alone (windows 2–4)
      // does not make the report's first drift (it used to say window 2 while every verdict was ok).
      expect(report.firstDrift).toBe(5);
      expect(report.firstDrift).toBe(report.windows.findIndex((w) => w.drift));
      for (const w of report.windows.slice(0, 2)) expect(w.columns.filter((c) => c.drift)).toEqual([]);
      for (const w of report.windows.slice(2, 5)) {
        expect(w.columns.filter((c) => c.drift).map((c) => c.column)).toEqual(['petal length (cm)']);
        expect(w.drift).toBe(false);
      }
      expect(
        report.windows[5]!.columns.filter((c) => c.drift)
          .map((c) => c.column)
          .sort(),
      ).toEqual(['petal length (cm)', 'petal width (cm)']);
      expect(report.loggedRows).toBe(1200);
      expect(report.shortWindows).toEqual({ windows: 0, rows: 0, minRows: 30 });
      expect(report.windows[6]!.versions).toEqual([1, 2]);
      // Time windows: 1,200 requests one second apart fill two 10-minute windows.
      expect(windowsOf([], '1h')).toEqual([]);
      const byTime = await monitorLog(dir.path, reference, {
        model: 'iris',
        referenceName: 'iris.csv',
        window: '10m',
      });
      expect(byTime.windows.map((w) => w.rows)).toEqual([600, 600]);
      // Windows too small to compare are counted, not silently dropped: 1,200 rows in windows of
      // 1,000 leave a last window of 200 when 300 rows are needed.
      const big = await monitorLog(dir.path, reference, {
        model: 'iris',
        referenceName: 'iris.csv',
        window: '1000',
        minRows: 300,
      });
      expect(big.windows.map((w) => w.rows)).toEqual([1000]);
      expect(big.shortWindows).toEqual({ windows: 1, rows: 200, minRows: 300 });
      await expect(
        monitorLog(dir.path, reference, { model: 'absent', referenceName: 'x', window: '100' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      dir.cleanup();
    }
  });
});
