/**
 * A worker process for the distributed tests: `DIR QUEUE_URL LOCK_MS`, with FLYWHEEL_QUEUE_SECRET
 * from its environment. Prints `ready`, then `chunk N` per chunk and `failed ID refused|failed
 * REASON` per task failed for good; logs (level warn, JSON) go to stderr.
 */
import { createLogger } from '../core/index.js';
import { openPlatform } from '../platform.js';

const [dir, queue, lockMs] = process.argv.slice(2);
const env = { FLYWHEEL_QUEUE_SECRET: process.env.FLYWHEEL_QUEUE_SECRET ?? '' };
const platform = await openPlatform({ cwd: dir, env, logger: createLogger({ level: 'warn' }) });
const worker = await platform.batch.worker({
  queue: queue!,
  lockMs: Number(lockMs),
  onChunk: (t) => process.stdout.write(`chunk ${t.index}\n`),
  onFailed: (f) =>
    process.stdout.write(`failed ${f.taskId} ${f.refused ? 'refused' : 'failed'} ${f.reason}\n`),
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void worker
    .close()
    .then(() => platform.close())
    .then(() => process.exit(0));
});
