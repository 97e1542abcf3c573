import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatNumber, formatPercent, formatTime, shortId } from './format';

describe('formatters', () => {
  it('writes numbers to 4 significant digits, whole ones with separators', () => {
    expect(formatNumber(0.78412345)).toBe('0.7841');
    expect(formatNumber(12345)).toBe('12,345');
    expect(formatNumber(1.5e-5)).toBe('1.5e-5');
    expect(formatNumber(25_000_000_000.5)).toBe('2.5e+10');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
  it('writes shares, bytes, durations and times', () => {
    expect(formatPercent(0.6667)).toBe('66.7%');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 5 s');
    expect(formatDuration(7_380_000)).toBe('2 h 3 min');
    expect(formatTime(Date.UTC(2025, 5, 1, 14, 3, 7))).toBe('2025-06-01 14:03:07 UTC');
    expect(shortId('0123456789abcdef0123')).toBe('01234567');
    expect(shortId('abc')).toBe('abc');
  });
});
