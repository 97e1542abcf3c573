/**
 * The end-to-end tests' workspace and server (issue 26): the demo's workspace (`flywheel demo`:
 * runs, models with aliases, datasets, a served model with logged traffic that drifts) plus the
 * XSS fixtures — strings a user or a dataset wrote that a page must show as text — and a real
 * `flywheel serve` child process on it (the built CLI, bin/flywheel.js, as a user starts it),
 * listening on a free port with a write token.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLogger } from '../../src/core/index.js';
import { openPlatform } from '../../src/platform.js';

const run = promisify(execFile);

/** The repository's root and its CLI (dist/, so `npm run build` first; CI builds it at install). */
export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'flywheel.js');

/** The write token the server is started with (16+ visible ASCII characters). */
export const TOKEN = 'e2e-token-0123456789abcdef';

/** What a page must show as text, never as markup (the Acceptance, "XSS"). */
export const XSS = {
  runName: '<img src=x onerror=alert(1)>',
  param: { key: 'note', value: '"><script>alert(1)</script>' },
  dataset: 'xss-data',
  column: '<b>x</b>',
  category: `he said "hi" & 'bye'`,
} as const;

/** The demo's experiment, model and datasets (src/demo). */
export const DEMO = {
  experiment: 'churn-demo',
  model: 'churn',
  dataset: 'churn',
} as const;

/** `flywheel ARGS` in `cwd`, its stdout; fails with its stderr. */
export async function flywheel(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, '-C', cwd, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Build the demo's workspace in `dir` (must not exist or be empty), then add the XSS fixtures. */
export async function buildWorkspace(dir: string): Promise<{ xssRunId: string }> {
  await run(process.execPath, [CLI, 'demo', '--dir', dir, '--json'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    maxBuffer: 64 * 1024 * 1024,
  });
  const p = await openPlatform({ cwd: dir, env: {}, logger: createLogger({ level: 'silent' }) });
  try {
    // A dataset whose column name and category value are markup and quotes (CSV-quoted).
    const csv = join(dir, 'xss-data.csv');
    const quoted = `"${XSS.category.replaceAll('"', '""')}"`;
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i % 3 === 0 ? quoted : 'plain'},${i / 4}`);
    writeFileSync(csv, `id,${XSS.column},score\n${rows.join('\n')}\n`);
    await p.data.add(csv, { name: XSS.dataset, message: 'markup in a column name and a category value' });
    // A run named with markup, a param value that closes an attribute and opens a script.
    const r = await p.tracking.startRun({
      experiment: DEMO.experiment,
      name: XSS.runName,
      params: { [XSS.param.key]: XSS.param.value, model: 'xss' },
      tags: { note: XSS.param.value },
      inputs: [{ data: `${XSS.dataset}:1`, role: 'train' }],
      git: false,
    });
    for (let step = 0; step < 20; step++)
      r.logMetrics({ loss: 1 / (step + 1), valid_auc: 0.5 + step / 50 }, step);
    await r.end({ status: 'FINISHED' });
    return { xssRunId: r.id };
  } finally {
    await p.close();
  }
}

/** A `flywheel serve` child as the tests see it. */
export interface ServeChild {
  /** e.g. http://127.0.0.1:41234 — the page's one allowed origin. */
  url: string;
  stop(): Promise<void>;
}

/** Start `flywheel serve churn@production --port 0 --json` in `dir` with the token; resolves once it listens. */
export async function serve(dir: string, refs: string[] = [`${DEMO.model}@production`]): Promise<ServeChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, '-C', dir, 'serve', ...refs, '--port', '0', '--host', '127.0.0.1', '--json'],
    {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, FLYWHEEL_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += String(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`flywheel serve did not listen in 60 s:\n${stderr}`)),
      60_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      text += String(d);
      // The result is printed as pretty JSON after any log lines: its "url" field.
      const m = /"url":\s*"(http:\/\/[^"]+)"/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`flywheel serve exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
