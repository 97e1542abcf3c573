// Builds the web dashboard (web/src → dist/web): one minified JS bundle and one CSS file with content
// hashes in their names, and the index.html that loads them — no inline script or style, so the
// server's Content-Security-Policy (src/server/dashboard.ts) needs no 'unsafe-inline'. Run by
// `npm run build` after tsc. Prints each file's gzipped size; the budget is 250 KB in all.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/web');
const BUDGET = 250 * 1024;

/** `import 'flywheel:chart-css'`: the charts' CSS string (src/charts/css.ts) as a stylesheet of the bundle. */
const chartCss = {
  name: 'chart-css',
  setup(b) {
    b.onResolve({ filter: /^flywheel:chart-css$/ }, () => ({ path: 'chart-css', namespace: 'chart-css' }));
    b.onLoad({ filter: /.*/, namespace: 'chart-css' }, async () => {
      const source = join(root, 'src/charts/css.ts');
      if (!existsSync(source)) return { contents: '', loader: 'css' };
      const r = await build({
        entryPoints: [source],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'neutral',
      });
      const code = Buffer.from(r.outputFiles[0].text).toString('base64');
      const mod = await import(`data:text/javascript;base64,${code}`);
      return { contents: mod.CHART_CSS, loader: 'css' };
    });
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });
const result = await build({
  entryPoints: { app: join(root, 'web/src/main.tsx') },
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  target: ['chrome110', 'firefox115', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [chartCss],
});

const outputs = Object.keys(result.metafile.outputs).map((p) => resolve(root, p));
const js = outputs.filter((p) => p.endsWith('.js'));
const css = outputs.filter((p) => p.endsWith('.css'));
if (js.length !== 1 || css.length !== 1) {
  throw new Error(`expected one JS and one CSS file, got ${outputs.map((p) => basename(p)).join(', ')}`);
}
const jsName = basename(js[0]);
const cssName = basename(css[0]);
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Flywheel</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/${cssName}">
<script type="module" src="/assets/${jsName}"></script>
</head>
<body>
<div id="app"><noscript>The Flywheel dashboard needs JavaScript. The JSON API is at /api/v1.</noscript></div>
</body>
</html>
`;
writeFileSync(join(out, 'index.html'), html);

let total = 0;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const path of [js[0], css[0]]) {
  const raw = readFileSync(path);
  const gz = gzipSync(raw, { level: 9 }).length;
  total += gz;
  console.log(`dist/web/assets/${basename(path)}  ${kb(raw.length)}, ${kb(gz)} gzipped`);
}
console.log(`dashboard: ${kb(total)} gzipped JS + CSS (budget ${kb(BUDGET)})`);
if (total > BUDGET) {
  console.error(`dashboard: over the budget of ${kb(BUDGET)} gzipped`);
  process.exit(1);
}
