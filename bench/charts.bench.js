// The charts of src/charts (issue 26, item 4): time and size of an SVG line chart of 1 × 10,000
// points and of 5 × 1,000 points (the dashboard's "compare 5 runs" view), rendered in Node to a
// string, with the automatic min/max down-sampling (≤ 2 points per pixel column of a 720 px chart)
// and without it (the same code told to keep every point), against the reference measured in the
// same run: the polyline chart Flywheel's reports used before (core/html.ts lineChartSvg at commit
// 7367751, copied below), which drew every point. Also the size of the charts module as the
// dashboard ships it (esbuild, minified, gzipped), and, when Debian's chromium is there, the time a
// browser takes to insert, lay out and paint each SVG (playwright-core, median of 15, one frame
// included; an empty frame is printed as the floor). Figures: bench/RESULTS.md, docs/design/charts.md.
// Usage: npm run bench -- charts [--repeat 30]
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { lineChart } from '../dist/charts/index.js';
import { flag, median, settle } from './lib.js';

const repeat = flag('--repeat', 30);

// The reference: lineChartSvg of src/core/html.ts at 7367751 (one polyline per series, every point).
const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed'];
function oldLineChartSvg(title, series, lo, hi) {
  const W = 720;
  const H = 260;
  const L = 42;
  const B = 36;
  const px = (v) => L + ((v - lo.x) / (hi.x - lo.x)) * (W - L - 10);
  const py = (v) => H - B - ((v - lo.y) / (hi.y - lo.y)) * (H - B - 24);
  const lines = series
    .map((s, i) => {
      const pts = [];
      for (let j = 0; j < s.points.length; j++)
        pts.push(`${px(s.points[j].x).toFixed(1)},${py(s.points[j].y).toFixed(1)}`);
      return `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2" points="${pts.join(' ')}"><title>${s.name}</title></polyline>`;
    })
    .join('');
  return `<svg width="${W}" height="${H}" role="img" aria-label="${title}">${lines}</svg>`;
}

const CHROMIUM = '/usr/bin/chromium';
const inBrowser = [];

let seed = 7;
const rnd = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const curve = (n, k) =>
  Array.from({ length: n }, (_, i) => ({ x: i, y: Math.exp(-i / (n / 5 + 40 * k)) + 0.05 * rnd() }));
const cases = [
  { name: '1 × 10,000 points', series: [{ name: 'loss', points: curve(10_000, 0) }] },
  {
    name: '5 × 1,000 points',
    series: [0, 1, 2, 3, 4].map((k) => ({ name: `run ${k}`, points: curve(1_000, k) })),
  },
  {
    name: '5 × 10,000 points',
    series: [0, 1, 2, 3, 4].map((k) => ({ name: `run ${k}`, points: curve(10_000, k) })),
  },
];

async function time(fn) {
  for (let i = 0; i < 10; i++) fn(); // warm up (JIT)
  await settle(50);
  const ms = [];
  let out = '';
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    out = fn();
    ms.push(performance.now() - t);
  }
  return { ms: median(ms), bytes: Buffer.byteLength(out), gz: gzipSync(out).length, out };
}

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
console.log(`charts: SVG line chart 720 × 260 in Node ${process.version}, median of ${repeat}`);
console.log(
  'case               | variant               |   time ms |      SVG |   gzip | points drawn | vs old',
);
for (const c of cases) {
  const all = c.series.flatMap((s) => s.points);
  const lo = { x: 0, y: Math.min(...all.map((p) => p.y)) };
  const hi = { x: Math.max(...all.map((p) => p.x)), y: Math.max(...all.map((p) => p.y)) };
  const old = await time(() => oldLineChartSvg(c.name, c.series, lo, hi));
  const variants = [
    ['old polyline (ref)', old],
    [
      'charts, down-sampled',
      await time(() => lineChart({ title: c.name, series: c.series, x: { label: 'step' } })),
    ],
    [
      'charts, every point',
      await time(() =>
        lineChart({ title: c.name, series: c.series, x: { label: 'step' }, pointsPerPixel: 1e9 }),
      ),
    ],
  ];
  for (const [v, r] of variants) {
    inBrowser.push([`${c.name}, ${v}`, r.out]);
    const drawn =
      v === 'old polyline (ref)'
        ? all.length
        : [...r.out.matchAll(/data-points="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
    console.log(
      `${c.name.padEnd(18)} | ${v.padEnd(21)} | ${r.ms.toFixed(2).padStart(9)} | ${kb(r.bytes).padStart(8)} | ${kb(r.gz).padStart(6)} | ${String(drawn).padStart(12)} | ${(r.ms / old.ms).toFixed(2)}x time, ${(r.bytes / old.bytes).toFixed(2)}x size`,
    );
  }
}
const bundle = buildSync({
  entryPoints: [new URL('../dist/charts/index.js', import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  platform: 'browser',
});
const code = bundle.outputFiles[0].contents;
console.log(
  `charts module for the browser (esbuild, minified): ${kb(code.length)}, gzipped ${kb(gzipSync(code).length)} (all exports; uPlot's published size for comparison: ~50 KB min, ~20 KB gz, plus its CSS)`,
);

if (existsSync(CHROMIUM)) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage();
  await page.setContent('<div id="c"></div>');
  const paint = (svg) =>
    page.evaluate(async (svg) => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const c = document.getElementById('c');
      const out = [];
      for (let i = 0; i < 15; i++) {
        c.innerHTML = '';
        await frame();
        const t = performance.now();
        c.innerHTML = svg;
        c.getBoundingClientRect();
        await frame();
        out.push(performance.now() - t);
      }
      return out.sort((a, b) => a - b)[7];
    }, svg);
  console.log(`in ${CHROMIUM} (${browser.version()}): insert + layout + paint, median of 15`);
  console.log(`  empty frame (floor): ${(await paint('')).toFixed(1)} ms`);
  for (const [name, svg] of inBrowser)
    console.log(`  ${name.padEnd(40)} ${(await paint(svg)).toFixed(1)} ms`);
  await browser.close();
}
