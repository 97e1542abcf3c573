/**
 * How a window's drift verdict reads, the same in the terminal and in the HTML page: the method,
 * its statistic by name and unsigned (a z-test's sign is only the direction), the p-value of a
 * test, and the comparison with the threshold that decided the verdict.
 */
import { type DriftMethod, METHODS } from '../drift/index.js';
import type { MonitorColumn } from '../monitor.js';

/** The name of each test's statistic (distances are named by their method). */
const STATISTIC: Partial<Record<string, string>> = { ks: 'D', chisquare: 'χ²', ztest: '|z|' };

/** True when the method reports a p-value (drift below the threshold), false for a distance. */
export function isTest(method: string): boolean {
  return METHODS[method as DriftMethod]?.score === 'p-value';
}

/**
 * `ks D 0.21, p 0.003 < 0.05` for a test, `psi 0.24 ≥ 0.1` for a distance: what was measured
 * and how it compared with the threshold. `fmt` formats the numbers (one format per report).
 */
export function driftText(c: MonitorColumn, fmt: (v: number) => string): string {
  if (isTest(c.method)) {
    const name = STATISTIC[c.method] ?? 'statistic';
    return `${c.method} ${name} ${fmt(Math.abs(c.statistic))}, p ${fmt(c.score)} ${c.drift ? '<' : '≥'} ${fmt(c.threshold)}`;
  }
  return `${c.method} ${fmt(c.score)} ${c.drift ? '≥' : '<'} ${fmt(c.threshold)}`;
}

/** `p < 0.05` or `psi ≥ 0.1`: the rule under which a column's value means drift. */
export function driftRule(
  c: Pick<MonitorColumn, 'method' | 'threshold'>,
  fmt: (v: number) => string,
): string {
  return isTest(c.method) ? `${c.method} p < ${fmt(c.threshold)}` : `${c.method} ≥ ${fmt(c.threshold)}`;
}

/** `1,000 rows` for a row count, the duration as given otherwise (`1h`). */
export function windowText(spec: string): string {
  return /^\d+$/.test(spec) ? `${Number(spec).toLocaleString('en-US')} rows` : spec;
}
