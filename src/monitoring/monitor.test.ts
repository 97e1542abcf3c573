import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededUniform } from '../core/index.js';
import { readTable, rowObject } from '../data/index.js';
import { tempDir } from '../testing/services.js';
import { monitorLog, windowsOf } from './monitor.js';

const IRIS = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'data', 'iris.csv');

describe('monitor over the prediction log', () => {
  it('finds the first window after traffic shifts, and none before', async () => {
    const reference = await readTable(IRIS);
    const dir = tempDir();
    try {
      // 8 windows of 150 requests: resampled iris rows, with petal length shifted by 1.5 cm (about
      // 0.85 standard deviations) from window 5 on. Written as the server writes its segments.
      const rand = seededUniform(3);
      const lines: string[] = [];
      const t0 = Date.parse('2026-11-26T10:00:00Z');
      for (let i = 0; i < 1200; i++) {
        const row = rowObject(reference, Math.floor(rand() * reference.rowCount));
        delete row.target;
        if (i >= 750) row['petal length (cm)'] = Number(row['petal length (cm)']) + 1.5;
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
      expect(report.firstDrift).toBe(5);
      for (const w of report.windows.slice(0, 5)) expect(w.columns.filter((c) => c.drift)).toEqual([]);
      expect(report.windows[5]!.columns.filter((c) => c.drift).map((c) => c.column)).toContain(
        'petal length (cm)',
      );
      expect(report.windows[6]!.versions).toEqual([1, 2]);
      // Time windows: 1,200 requests one second apart fill two 10-minute windows.
      expect(windowsOf([], '1h')).toEqual([]);
      const byTime = await monitorLog(dir.path, reference, {
        model: 'iris',
        referenceName: 'iris.csv',
        window: '10m',
      });
      expect(byTime.windows.map((w) => w.rows)).toEqual([600, 600]);
      await expect(
        monitorLog(dir.path, reference, { model: 'absent', referenceName: 'x', window: '100' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      dir.cleanup();
    }
  });
});
