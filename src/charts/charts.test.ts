import { describe, expect, it } from 'vitest';
import {
  barChart,
  CHART_CSS,
  esc,
  heatTable,
  histogram,
  lineChart,
  parallelCoordinates,
  scatter,
} from './index.js';
import type { Point } from './types.js';

const EVIL = '<img src=x onerror=alert(1)>';

/** A tiny XML well-formedness check: tags balance and nest, attributes are quoted, no raw `<` in text. */
function wellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let at = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const text = xml.slice(at, m.index);
    expect(text, `raw markup in text before ${m[0]}`).not.toMatch(/[<>]/);
    at = m.index + m[0].length;
    if (m[4]) continue;
    if (m[1]) expect(stack.pop(), `closing ${m[2]}`).toBe(m[2]);
    else stack.push(m[2]!);
  }
  expect(xml.slice(at)).not.toMatch(/[<>]/);
  expect(stack).toEqual([]);
}

const ramp = (n: number, f: (i: number) => number): Point[] =>
  Array.from({ length: n }, (_, i) => ({ x: i, y: f(i) }));

describe('lineChart', () => {
  it('is well-formed, accessible and has no style attribute', () => {
    const svg = lineChart({ title: 'loss by step', series: [{ name: 'a', points: ramp(50, Math.sqrt) }] });
    wellFormed(svg);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-label="loss by step"><title>loss by step<\/title>/);
    expect(svg).not.toMatch(/style=/);
  });

  it('escapes a series name, title and axis labels', () => {
    const svg = lineChart({
      title: `t ${EVIL}`,
      series: [
        { name: EVIL, points: ramp(5, (i) => i) },
        { name: '"><script>x</script>', points: ramp(5, (i) => -i) },
      ],
      x: { label: EVIL },
      y: { label: EVIL },
      thresholds: [{ value: 1, label: EVIL }],
    });
    wellFormed(svg);
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<script');
    expect(svg).toContain(`data-series="${esc(EVIL)}"`);
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('data-points gives the points drawn: all when they fit, at most 2 per plot pixel when not', () => {
    const svg = lineChart({
      title: 'curves',
      width: 720,
      series: [
        { name: 'short', points: ramp(300, (i) => i) },
        { name: 'long', points: ramp(10_000, (i) => Math.sin(i / 50)) },
        { name: 'gappy', points: ramp(10, (i) => (i === 4 ? null : i) as number) },
      ],
    });
    wellFormed(svg);
    const counts = [...svg.matchAll(/data-series="([^"]+)" data-points="(\d+)"/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(counts[0]).toEqual(['short', 300]);
    expect(counts[1]![1]).toBeLessThanOrEqual(2 * (720 - 58 - 14));
    expect(counts[1]![1]).toBeGreaterThan(600);
    expect(counts[2]).toEqual(['gappy', 9]);
    // The gap starts a new sub-path.
    const gappy = svg.slice(svg.indexOf('data-series="gappy"'));
    expect(gappy.match(/d="[^"]*"/)![0].match(/M/g)).toHaveLength(2);
  });

  it('draws a band, a threshold and log-y ticks', () => {
    const svg = lineChart({
      title: 'estimated accuracy',
      series: [
        {
          name: 'estimated',
          points: ramp(8, () => 0.8),
          band: ramp(8, () => 0).map((p) => ({ x: p.x, lower: 0.7, upper: 0.9 })),
        },
      ],
      thresholds: [{ value: 0.75, label: 'alert below' }],
    });
    expect(svg).toMatch(/<polygon class="fw-band"/);
    expect(svg.match(/class="fw-whisker"/g)).toHaveLength(8);
    expect(svg).toContain('<title>alert below: 0.75</title>');
    const log = lineChart({
      title: 'log',
      y: { log: true },
      series: [{ name: 'l', points: ramp(100, (i) => 10 ** (i / 25)) }],
    });
    expect(log).toContain('>1000<');
    expect(log).toContain('>10000<');
  });

  it('time x axis has round UTC ticks', () => {
    const t0 = Date.UTC(2026, 2, 1);
    const svg = lineChart({
      title: 'by time',
      x: { kind: 'time' },
      series: [
        { name: 's', points: Array.from({ length: 48 }, (_, i) => ({ x: t0 + i * 3_600_000, y: i })) },
      ],
    });
    expect(svg).toContain('>2026-03-02<');
    expect(svg).toMatch(/>\d\d:00</);
    expect(svg).toContain('<title>s at 2026-03-01 01:00:00: 1</title>');
  });
});

describe('bars, histogram, scatter, heat table', () => {
  it('histogram: one bar per bin and series, tooltips with the bin range', () => {
    const svg = histogram({
      title: 'h',
      edges: [0, 1, 2, 3],
      series: [
        { name: 'reference', values: [0.2, 0.5, 0.3] },
        { name: EVIL, values: [0.1, 0.6, 0.3] },
      ],
      value: 'share',
    });
    wellFormed(svg);
    expect(svg.match(/<rect class="fw-bar"/g)).toHaveLength(6);
    expect(svg).toContain('<title>[0, 1): reference 20%</title>');
    expect(svg).toContain('<title>[2, 3]: &lt;img src=x onerror=alert(1)&gt; 30%</title>');
    expect(svg).not.toContain('<img');
  });

  it('horizontal bars: labels cut with the full text in a tooltip', () => {
    const svg = barChart({
      title: 'top values',
      orientation: 'horizontal',
      labels: ['a', `"quoted" ${'x'.repeat(40)}`],
      series: [{ name: 'count', values: [10, 3] }],
    });
    wellFormed(svg);
    expect(svg).toContain('&quot;quoted&quot; xxxxx');
    expect(svg).toContain('…<title>&quot;quoted&quot;');
    expect(svg).toContain('data-points="2"');
  });

  it('vertical categorical bars with two series', () => {
    const svg = barChart({
      title: 'cats',
      labels: ['x', 'y', 'z'],
      series: [
        { name: 'reference', values: [1, 2, 3] },
        { name: 'current', values: [3, 2, 1] },
      ],
    });
    wellFormed(svg);
    expect(svg.match(/<rect class="fw-bar"/g)).toHaveLength(6);
  });

  it('scatter: weights, whiskers, notes and a diagonal', () => {
    const svg = scatter({
      title: 'calibration',
      diagonal: true,
      connect: true,
      x: { min: 0, max: 1, label: 'predicted' },
      y: { min: 0, max: 1, label: 'observed' },
      points: [
        { x: 0.1, y: 0.12, weight: 1, lower: 0.05, upper: 0.2, note: '300', label: EVIL },
        { x: 0.9, y: 0.8, weight: 0.1, note: '3' },
      ],
    });
    wellFormed(svg);
    expect(svg).toContain('class="fw-diagonal"');
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg).not.toContain('<img');
  });

  it('heat table: levels from the values, flagged cells named for screen readers, text escaped', () => {
    const html = heatTable({
      caption: 'drift',
      corner: 'window',
      rows: [{ label: '0' }, { label: '1' }],
      columns: [{ label: EVIL, note: 'p < 0.05' }, { label: 'b' }],
      cells: [
        [{ value: 0 }, null],
        [{ value: 10, flag: true, title: EVIL }, { value: 5 }],
      ],
    });
    wellFormed(html.replace(/<br>/g, '<br/>'));
    expect(html).toContain('<td class="fw-h0">0</td>');
    expect(html).toContain('class="fw-h4 fw-flag"');
    expect(html).toContain('(flagged)');
    expect(html).toContain('<td class="fw-h2">5</td>');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/style=/);
  });

  it('the stylesheet covers every class the charts use', () => {
    for (const cls of [
      'fw-chart',
      'fw-line',
      'fw-band',
      'fw-bar',
      'fw-threshold',
      'fw-s7',
      'fw-h4',
      'fw-flag',
      'fw-heat',
    ])
      expect(CHART_CSS).toContain(`.${cls}`);
  });

  it('parallel coordinates: one line per run, broken where a value is missing, categories on their axis', () => {
    const svg = parallelCoordinates({
      title: 'runs',
      axes: [
        { name: 'lr', log: true },
        { name: 'optimizer', categories: ['adam', 'sgd'] },
        { name: 'accuracy' },
      ],
      lines: [
        { label: EVIL, values: [0.01, 0, 0.91] },
        { label: 'b', values: [0.1, null, 0.85] },
      ],
    });
    wellFormed(svg);
    expect(svg.match(/<path class="fw-line"/g)).toHaveLength(2);
    expect(svg).toContain('data-points="2"');
    expect(svg).toContain('optimizer adam');
    const b = svg.slice(svg.indexOf('data-series="b"'));
    expect(b.match(/d="[^"]*"/)![0].match(/M/g)).toHaveLength(2);
    expect(svg).not.toContain('<img');
  });

  it('empty data draws an empty, well-formed chart', () => {
    for (const svg of [
      lineChart({ title: 'none', series: [] }),
      lineChart({ title: 'nulls', series: [{ name: 'a', points: [{ x: 0, y: null }] }] }),
      histogram({ title: 'h', edges: [], series: [] }),
      barChart({ title: 'b', labels: [], series: [] }),
      barChart({ title: 'b', labels: [], series: [], orientation: 'horizontal' }),
      scatter({ title: 's', points: [] }),
      parallelCoordinates({ title: 'p', axes: [], lines: [] }),
    ]) {
      wellFormed(svg);
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
  });
});
