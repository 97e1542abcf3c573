// A child process for the tracking tests.
//   log CWD RUN_ID FIRST_STEP COUNT  attach to a run and log COUNT points of "m" from FIRST_STEP
//   start CWD exit|fail|hang|crash    start a run, print its id, then exit normally, exit with
//                                     code 3, wait for a signal, or die at once (process.exit)
import { openPlatform } from '../platform.js';

const [mode, cwd, ...rest] = process.argv.slice(2);
const platform = await openPlatform({ cwd: cwd!, env: {}, tracking: { heartbeatMs: 50 } });
if (mode === 'log') {
  const [runId, first, count] = rest;
  const run = await platform.tracking.attachRun(runId!);
  const start = Number(first);
  for (let i = 0; i < Number(count); i++) {
    run.logMetric('m', start + i, start + i);
    // Flush in small batches so the two writers' transactions interleave.
    if (i % 100 === 99) await run.flush();
  }
  await run.detach();
  await platform.close();
} else {
  const run = await platform.tracking.startRun({ experiment: 'children', git: false });
  run.logMetric('alive', 1);
  await run.flush();
  process.stdout.write(`${run.id}\n`);
  if (rest[0] === 'fail') process.exitCode = 3;
  if (rest[0] === 'hang') setInterval(() => undefined, 1000);
  if (rest[0] === 'crash') process.exit(3);
}
