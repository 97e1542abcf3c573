import { describe, expect, it } from 'vitest';
import { readEnv } from '../../core/index.js';
import { report, window } from '../../monitoring/monitor-report.fixture.js';
import { formatMonitor, terminalWidth } from './monitor-format.js';

describe('flywheel monitor as text', () => {
  // Window 0: 3 of 30 features drifted (10%, under the 50% threshold); windows 1–2: 20 of 30.
  const r = report([window(0, 3), window(1, 20), window(2, 20)], 3000);

  it('uses one definition of a drifted window everywhere', () => {
    const text = formatMonitor(r, 120);
    expect(text).toContain('2 of 3 windows drifted, the first is window 1');
    expect(text).not.toMatch(/first drift in window 0/);
    expect(text).toMatch(/^0 .* ok /m);
  });

  it('names the prediction drift test and shows its p-value, not a bare signed statistic', () => {
    const text = formatMonitor(r, 160);
    expect(text).toContain('DRIFT p 0.0124');
    expect(text).not.toContain('-2.5');
    expect(text).toContain('PREDICTION: the model');
    expect(text).toContain('ztest p < 0.05 means drift');
  });

  it('fits 80 and 120 columns with 30 features, saying what it left out', () => {
    for (const width of [80, 120]) {
      const text = formatMonitor(r, width);
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
      expect(text).toMatch(/window 1: feature_number_0, .* … and \d+ more/);
    }
    expect(formatMonitor(r, 80)).toMatch(/left out to fit 80 columns: .*MISSING/);
    expect(formatMonitor(r, Number.POSITIVE_INFINITY)).not.toContain('left out');
  });

  it('says how many rows were logged when no window can be compared', () => {
    const one = { ...report([], 1), shortWindows: { windows: 1, rows: 1, minRows: 30 } };
    const text = formatMonitor(one, 80);
    expect(text).toContain('1 row logged, windows of 1,000 rows');
    expect(text).toContain('a window needs at least 30 rows');
    expect(text).not.toContain('WINDOW');
  });

  it('takes the width from the terminal, else COLUMNS, else none', () => {
    expect(terminalWidth({ columns: 90 }, readEnv({ COLUMNS: '70' }))).toBe(90);
    expect(terminalWidth({}, readEnv({ COLUMNS: '70' }))).toBe(70);
    expect(terminalWidth({}, readEnv({ COLUMNS: 'wide' }))).toBe(Number.POSITIVE_INFINITY);
    expect(terminalWidth({}, {})).toBe(Number.POSITIVE_INFINITY);
  });
});
