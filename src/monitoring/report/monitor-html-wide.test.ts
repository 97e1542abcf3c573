import { describe, expect, it } from 'vitest';
import { report, window } from '../monitor-report.fixture.js';
import { renderMonitorHtml } from './monitor-html.js';

describe('the monitor page with 30 features', () => {
  const page = renderMonitorHtml(report([window(0, 3), window(1, 20), window(2, 20)], 3000));

  it('shows drifted features first, at most 7 columns, and lists the rest', () => {
    const heat = page.slice(page.indexOf('<h2>Drift per feature</h2>'), page.indexOf('<h2>Missing values'));
    // The corner ("window") and 7 feature columns.
    expect(heat.match(/<th scope="col">/g)).toHaveLength(8);
    expect(heat).toContain('<th scope="col">feature_number_0<br>');
    expect(heat).toContain('13 more drifted feature(s)');
    expect(heat).toContain('feature_number_7 (1–2)');
    expect(heat).toContain('10 feature(s) never drifted');
  });

  it('names the statistic of prediction drift and keeps the accuracy axis within [0, 1]', () => {
    expect(page).toContain('prediction drift<br><span class="note">ztest p &lt; 0.05</span>');
    expect(page).toContain('title="ztest |z| 2.5, p 0.0124 &lt; 0.05"');
    const chart = page.slice(page.indexOf('aria-label="accuracy per window"'));
    const ticks = [...chart.slice(0, chart.indexOf('</svg>')).matchAll(/text-anchor="end">([\d.]+)</g)].map(
      (m) => Number(m[1]),
    );
    expect(ticks.length).toBeGreaterThan(0);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(1);
  });

  it('puts the first drift in the same window as the verdicts', () => {
    expect(page).toContain('<span class="drift">window 1</span>');
    expect(page).not.toContain('<span class="drift">window 0</span>');
  });
});
