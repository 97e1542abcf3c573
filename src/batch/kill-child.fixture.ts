/**
 * A child process for the SIGKILL test: `start DIR MODEL INPUT OUTPUT CHUNK_ROWS` or
 * `resume DIR JOB`. Prints `job <id>` as soon as the job exists, `rows <n>` as rows are done
 * (committed or skipped), then `done` when it finishes.
 */
import { createLogger } from '../core/index.js';
import { openPlatform } from '../platform.js';

const [mode, dir, ...rest] = process.argv.slice(2);
const platform = await openPlatform({ cwd: dir, env: {}, logger: createLogger({ level: 'silent' }) });
const onStart = (id: string) => process.stdout.write(`job ${id}\n`);
const onProgress = (p: { rows: number }) => process.stdout.write(`rows ${p.rows}\n`);
if (mode === 'start') {
  const [model, input, output, chunkRows] = rest;
  await platform.batch.predict({
    model: model!,
    input: input!,
    output: output!,
    idColumn: 'id',
    chunkRows: Number(chunkRows),
    threads: 1,
    cwd: dir,
    onStart,
    onProgress,
  });
} else {
  await platform.batch.resume(rest[0]!, { threads: 1, onStart, onProgress });
}
process.stdout.write('done\n');
await platform.close();
