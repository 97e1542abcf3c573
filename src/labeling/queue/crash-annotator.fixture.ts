// A child process for queue.test.ts: pulls and answers items of project "crash" as one annotator,
// printing each acknowledged (committed) answer; the test kills it with SIGKILL mid-way.
import { SqliteMetadataStore } from '../../storage/metadata/sqlite.js';
import { labelingQueue } from './project.js';

const [file, annotator] = process.argv.slice(2);
const store = await SqliteMetadataStore.open(file!);
const queue = labelingQueue(store);
for (;;) {
  const item = await queue.next('crash', annotator!);
  if (!item) break;
  await queue.submit('crash', item.key, annotator!, item.position % 2 ? 'spam' : 'ham');
  process.stdout.write(`ack ${item.key}\n`);
}
await store.close();
