/**
 * Acceptance of the edge bundle in a browser (issue 27 #4): Debian's Chromium, headless, driven by
 * playwright-core, loads model.js from a static file server (node:http on port 0 serving the
 * exported folder), `load()` fetches model.bin beside it, and the page predicts 1,000 rows (missing
 * values included) as Flywheel's own predict does — raw scores bit-identical, labels and policy
 * actions equal, probabilities within 1e-15 relative (Chromium's Math.exp differs from Node 20's by
 * an ulp for some inputs) — making no request after loading. The 200-tree depth-6 GBDT bundle must
 * be <= 150 KB gzipped; its time per row is measured and printed (median of 100 blocks of 100 rows:
 * a page's clock is coarsened to 5-100 µs, too coarse to time one row), not asserted.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable, type Table } from '../data/index.js';
import type { Model } from '../models/index.js';
import { trainModel } from '../training/index.js';
import { edgeAnswer, flywheelAnswers, tableRows } from './bundle.fixture.js';
import { type WebBundleReport, writeWebBundle } from './index.js';

const CHROMIUM = process.env.FLYWHEEL_CHROMIUM ?? '/usr/bin/chromium';
const root = mkdtempSync(join(tmpdir(), 'flywheel-edge-web-'));
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.bin': 'application/octet-stream',
};

/** A seeded binary task with 30 numeric features (12 informative), one cell in 20 missing when `holes`. */
function synth(n: number, seed: number, holes: boolean): Table {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const cols = Array.from({ length: 30 }, () => new Float64Array(n));
  const nulls = Array.from({ length: 30 }, () => new Uint8Array(n));
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let z = 0;
    for (let j = 0; j < 30; j++) {
      const v = rand() * 4 - 2;
      cols[j]![r] = v;
      if (j < 12) z += (j % 2 ? 1 : -1) * (j < 6 ? v : v * v - 1.3) * (1 + j / 12);
    }
    y[r] = z + rand() * 2 - 1 > 0 ? 1 : 0;
    if (holes)
      for (let j = 0; j < 30; j++) {
        if (rand() < 0.05) {
          cols[j]![r] = Number.NaN;
          nulls[j]![r] = 1;
        }
      }
  }
  const names = [...cols.map((_, j) => `f${j}`), 'target'];
  return createTable(
    names,
    [
      ...cols.map((values, j) => ({ kind: 'float64' as const, values, nulls: nulls[j]! })),
      { kind: 'float64', values: y, nulls: null },
    ],
    n,
  );
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = req.url === '/' ? '/index.html' : (req.url ?? '/').split('?')[0]!;
    if (path === '/index.html')
      return void res
        .writeHead(200, { 'content-type': TYPES['.html']! })
        .end('<!doctype html><title>edge</title>');
    const file = join(dir, path.replace(/[^\w.]/g, ''));
    if (!existsSync(file)) return void res.writeHead(404).end();
    res
      .writeHead(200, {
        'content-type': TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream',
      })
      .end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` }),
    ),
  );
}

/**
 * What the page runs (a string: Vitest would rewrite a dynamic import in a function): import the
 * bundle, load its weights, predict every row, then time 120 blocks of 100 rows (20 warm-up).
 */
const PAGE = `async (rows) => {
  const mod = await import(location.origin + '/model.js');
  const edge = await mod.load();
  const got = rows.map((r) => edge.predict(r));
  const blocks = [];
  for (let b = 0; b < 120; b++) {
    const t = performance.now();
    for (let i = 0; i < 100; i++) edge.predict(rows[(b * 100 + i) % rows.length]);
    if (b >= 20) blocks.push(((performance.now() - t) * 1000) / 100);
  }
  blocks.sort((a, b) => a - b);
  return { got, us: blocks[blocks.length >> 1] };
}`;

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;
let browser: Browser;
let http: { server: Server; url: string };
let model: Model;
let report: WebBundleReport;

describe.skipIf(skip)('web bundle in Chromium', () => {
  beforeAll(async () => {
    ({ model } = await trainModel(synth(20_000, 3, false), {
      target: 'target',
      model: 'gbdt',
      params: { n_estimators: 200, max_depth: 6, learning_rate: 0.1 },
    }));
    report = await writeWebBundle(model, join(root, 'bundle'));
    http = await serve(join(root, 'bundle'));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    http?.server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('the 200-tree depth-6 GBDT predicts 1,000 rows as Flywheel does, offline after loading, within budget', async () => {
    const table = synth(1000, 9, true);
    const features = model.schema.features.map((f) => f.name);
    const rows = tableRows(table, features);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(http.url);
    const out = (await page.evaluate(`(${PAGE})(${JSON.stringify(rows)})`)) as { got: never[]; us: number };
    const loadedAt = requests.length;
    const want = flywheelAnswers(model, table);
    // Raw scores (the trees' sums) must be bit-identical; probabilities go through the browser's
    // Math.exp, which in Chromium's newer V8 differs from Node 20's by an ulp for some inputs.
    const raw = new Float64Array(rows.length);
    model.scorer.scoreBatch(model.preprocessor.transform(table), rows.length, raw);
    let worst = 0;
    let differ = 0;
    out.got.forEach((g: never, r: number) => {
      const a = edgeAnswer('binary', g);
      const p = want[r]!.values[0]!;
      worst = Math.max(worst, Math.abs(a.values[0]! - p) / p);
      if (
        !Object.is((g as { scores: number[] }).scores[0], raw[r]) ||
        !(Math.abs(a.values[0]! - p) <= 1e-15 * p) ||
        a.label !== want[r]!.label ||
        a.action !== want[r]!.action
      ) {
        differ++;
      }
    });
    console.log(
      `edge 200x6 GBDT: ${report.bytes} B raw, ${report.gzipBytes} B gzipped (${report.files.map((f) => `${f.name} ${f.bytes}/${f.gzipBytes}`).join(', ')}); load +${report.loadMemoryBytes} B; Node ${report.nodeLatencyUs.toFixed(2)} µs/row; Chromium ${out.us.toFixed(2)} µs/row; requests ${requests.join(' ')}`,
    );
    console.log(
      `model.bin sections (raw/gzip bytes): ${sectionSizes(new Uint8Array(readFileSync(join(root, 'bundle', 'model.bin'))))}`,
    );
    console.log(`largest relative difference of a probability from Flywheel's: ${worst.toExponential(2)}`);
    expect(differ).toBe(0);
    expect(requests.map((u) => new URL(u).pathname)).toEqual(['/', '/model.js', '/model.bin']);
    expect(requests.length).toBe(loadedAt);
    // The acceptance targets (<= 150 KB gzipped, <= 20 µs a row in Chromium) are measured and
    // printed above; the size is asserted, the time (a shared machine's) is not: timing is bench's.
    expect(report.gzipBytes).toBeLessThanOrEqual(150_000);
    await page.close();
  }, 120_000);
});

/** Where model.bin's bytes go: each section's raw and gzipped size (printed with the figures). */
function sectionSizes(bin: Uint8Array): string {
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const header = JSON.parse(new TextDecoder().decode(bin.subarray(8, 8 + view.getUint32(4, true)))) as {
    sections: { name: string; type: string; offset: number; length: number }[];
  };
  const size: Record<string, number> = { f64: 8, i8: 1, u8: 1, i16: 2, u16: 2, i32: 4, u32: 4 };
  const parts = header.sections.map((s) => {
    const bytes = bin.subarray(s.offset, s.offset + s.length * size[s.type]!);
    return `${s.name} ${s.type}×${s.length} ${bytes.length}/${gzipSync(bytes, { level: 9 }).length}`;
  });
  const head = 8 + view.getUint32(4, true);
  return `header ${head}/${gzipSync(bin.subarray(0, head), { level: 9 }).length}, ${parts.join(', ')}`;
}
