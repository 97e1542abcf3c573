// A child process for sqlite.test.ts: opens the store and writes N rows, one transaction each.
import { SqliteMetadataStore } from './sqlite.js';

const [file, tag, count] = process.argv.slice(2);
const store = await SqliteMetadataStore.open(file!);
for (let i = 0; i < Number(count); i++) {
  await store.transaction(async (tx) => {
    await tx.events.append({ kind: 'test.write', subject: tag!, data: { i } });
  });
}
await store.close();
