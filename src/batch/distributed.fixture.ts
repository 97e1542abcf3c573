/** Worker processes for the distributed tests (worker-child.fixture.ts), and what they print. */
import { type ChildProcess, spawn } from 'node:child_process';
import { TEST_QUEUE_SECRET } from './batch.fixture.js';

const CHILD = new URL('./worker-child.fixture.ts', import.meta.url).pathname;

/** A worker child: its process, its output so far, and a promise of its `ready`. */
export interface WorkerChild {
  process: ChildProcess;
  /** Chunks it committed. */
  chunks: number;
  stdout: string;
  stderr: string;
  ready: Promise<void>;
}

/** Start a worker on `queue` in the workspace `dir` (the test secret unless `secret` is given). */
export function startWorker(dir: string, queue: string, secret = TEST_QUEUE_SECRET): WorkerChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, queue, '2000'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FLYWHEEL_QUEUE_SECRET: secret },
  });
  const state: WorkerChild = { process: child, chunks: 0, stdout: '', stderr: '', ready: Promise.resolve() };
  child.stderr?.on('data', (d: Buffer) => {
    state.stderr += d;
  });
  state.ready = new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      state.stdout += d;
      state.chunks = (state.stdout.match(/^chunk /gm) ?? []).length;
      if (state.stdout.includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${state.stderr}`)));
  });
  state.ready.catch(() => undefined);
  return state;
}
