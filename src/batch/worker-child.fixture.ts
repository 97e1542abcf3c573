/** A worker process for the distributed test: `DIR QUEUE_URL LOCK_MS`; prints `ready`, then `chunk N` per chunk. */
import { createLogger } from '../core/index.js';
import { openPlatform } from '../platform.js';

const [dir, queue, lockMs] = process.argv.slice(2);
const platform = await openPlatform({ cwd: dir, env: {}, logger: createLogger({ level: 'silent' }) });
const worker = await platform.batch.worker({
  queue: queue!,
  lockMs: Number(lockMs),
  onChunk: (t) => process.stdout.write(`chunk ${t.index}\n`),
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void worker
    .close()
    .then(() => platform.close())
    .then(() => process.exit(0));
});
