// A child process for crash.test.ts: writes a 50 MB object slowly and reports progress, so the
// parent can SIGKILL it mid-write. Mode "stream" uses put(), mode "file" uses putFile().
import { randomBytes } from 'node:crypto';
import { LocalArtifactStore } from './local.js';

const [root, mode, source] = process.argv.slice(2);
const store = await LocalArtifactStore.open(root!);
if (mode === 'file') {
  process.send?.('start');
  await store.putFile(source!);
} else {
  async function* slow() {
    for (let i = 0; i < 50; i++) {
      yield randomBytes(1024 * 1024);
      if (i === 5) process.send?.('start');
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  await store.put(slow());
}
process.send?.('done');
