/**
 * `writeWebBundle(model, dir)`: the edge bundle — model.js (the runtime, dependency-free ES module)
 * and model.bin (the weights) — written to a folder, with the hardware budget measured on the
 * written files: bytes raw and gzipped, memory to load, and per-row latency in Node (the module
 * imported from the folder, median of 10,000 single-row predictions). Budgets that are given and
 * broken fail with CHECK_FAILED and every figure, after the files are written (so they can be looked at).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { FlywheelError } from '../core/index.js';
import type { Model } from '../models/index.js';
import { RUNTIME_JS } from './runtime-asset.js';
import { sampleRows } from './sample-rows.js';
import { encodeWeights } from './weights.js';

/** The files of a bundle. */
export const BUNDLE_FILES = { module: 'model.js', weights: 'model.bin' } as const;

/** What an export measured. */
export interface WebBundleReport {
  dir: string;
  files: { name: string; bytes: number; gzipBytes: number }[];
  /** model.js + model.bin. */
  bytes: number;
  gzipBytes: number;
  /** Growth of V8 heap + ArrayBuffers across `createModel(bytes)` (the weights' bytes not counted). */
  loadMemoryBytes: number;
  /** Median µs per `predict(row)` in Node over `latencyRows` calls. */
  nodeLatencyUs: number;
  latencyRows: number;
}

/** Budgets an export must meet: bytes gzipped (module + weights) and µs per row in Node. */
export interface WebBudget {
  maxGzipBytes?: number;
  maxLatencyUs?: number;
}

interface BundleModule {
  createModel(bytes: Uint8Array): { predict(row: Record<string, unknown>): unknown };
}

/** Write the bundle, measure it, and check the budget. */
export async function writeWebBundle(
  model: Model,
  dir: string,
  options: { budget?: WebBudget; latencyRows?: number } = {},
): Promise<WebBundleReport> {
  const weights = encodeWeights(model);
  const js = Buffer.from(RUNTIME_JS);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, BUNDLE_FILES.module), js);
  await writeFile(join(dir, BUNDLE_FILES.weights), weights);
  const files = [
    { name: BUNDLE_FILES.module, bytes: js.length, gzipBytes: gzipSync(js, { level: 9 }).length },
    { name: BUNDLE_FILES.weights, bytes: weights.length, gzipBytes: gzipSync(weights, { level: 9 }).length },
  ];
  const measured = await measureNode(dir, model, options.latencyRows ?? 10_000);
  const report: WebBundleReport = {
    dir,
    files,
    bytes: files[0]!.bytes + files[1]!.bytes,
    gzipBytes: files[0]!.gzipBytes + files[1]!.gzipBytes,
    ...measured,
  };
  checkBudget(report, options.budget ?? {});
  return report;
}

/** Import the written module and time it on sample rows (the bundle itself, not Flywheel's code). */
async function measureNode(
  dir: string,
  model: Model,
  rows: number,
): Promise<Pick<WebBundleReport, 'loadMemoryBytes' | 'nodeLatencyUs' | 'latencyRows'>> {
  const url = `${pathToFileURL(join(dir, BUNDLE_FILES.module)).href}?v=${Date.now()}`;
  const mod = (await import(url)) as BundleModule;
  const bytes = new Uint8Array(await readFile(join(dir, BUNDLE_FILES.weights)));
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  const edge = mod.createModel(bytes);
  const loadMemoryBytes = Math.max(0, used() - before);
  const sample = sampleRows(model, 256, 7);
  for (let i = 0; i < 2000; i++) edge.predict(sample[i % sample.length]!);
  const times = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = sample[i % sample.length]!;
    const t0 = process.hrtime.bigint();
    edge.predict(row);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  times.sort();
  return { loadMemoryBytes, nodeLatencyUs: times[rows >> 1]!, latencyRows: rows };
}

/** CHECK_FAILED with every figure when a budget is broken. */
export function checkBudget(report: WebBundleReport, budget: WebBudget): void {
  const broken: string[] = [];
  if (budget.maxGzipBytes !== undefined && report.gzipBytes > budget.maxGzipBytes)
    broken.push(`size ${report.gzipBytes} bytes gzipped > ${budget.maxGzipBytes}`);
  if (budget.maxLatencyUs !== undefined && report.nodeLatencyUs > budget.maxLatencyUs)
    broken.push(`latency ${report.nodeLatencyUs.toFixed(2)} µs/row (Node, median) > ${budget.maxLatencyUs}`);
  if (broken.length === 0) return;
  throw new FlywheelError('CHECK_FAILED', `The web bundle breaks its budget: ${broken.join('; ')}`, {
    details: { ...report },
    hint: 'The files are written for inspection. Raise --max-size/--max-latency-us, or compress the model (fewer or shallower trees, a smaller network).',
  });
}
