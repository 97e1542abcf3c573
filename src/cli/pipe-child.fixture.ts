// A process that prints far more than a pipe holds, then records that it finished: run by
// pipe.test.ts, which closes the pipe after the first bytes. `--unprotected` skips the handler.
import { writeFileSync } from 'node:fs';
import { dropOutputOnClosedPipe } from './pipe.js';

const [marker, mode] = process.argv.slice(2);
if (mode !== '--unprotected') dropOutputOnClosedPipe();
const line = `${'x'.repeat(99)}\n`;
for (let i = 0; i < 20_000; i++) {
  process.stdout.write(line);
  if (i % 100 === 0) await new Promise((r) => setImmediate(r));
}
writeFileSync(marker!, 'finished');
