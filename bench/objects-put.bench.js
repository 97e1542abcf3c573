// Putting a 1 GiB file into the object store, against the limit (a bare Node stream of the same
// file through crypto.createHash('sha256')) and against sha256sum and md5sum, all in one run.
// Usage: npm run bench -- objects-put [--size-mib 1024] [--repeat 3]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalArtifactStore } from '../dist/storage/artifacts/index.js';
import { dataDir, flag, median, randomBlob, settleDisk as settle } from './lib.js';

const sizeMiB = flag('--size-mib', 1024);
const repeat = flag('--repeat', 3);
const file = randomBlob(sizeMiB);

const bytes = statSync(file).size;
const mbps = (s) => bytes / 1e6 / s;

async function bareHash() {
  const t = performance.now();
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk);
  hash.digest('hex');
  return (performance.now() - t) / 1000;
}

const root = join(dataDir, 'store');
async function storePut() {
  await rm(root, { recursive: true, force: true });
  await settle();
  const store = await LocalArtifactStore.open(root);
  const t = performance.now();
  await store.putFile(file);
  return (performance.now() - t) / 1000;
}

function tool(cmd) {
  const t = performance.now();
  const r = spawnSync(cmd, [file]);
  if (r.status !== 0) return Number.NaN;
  return (performance.now() - t) / 1000;
}

spawnSync('cat', [file], { stdio: 'ignore' }); // warm the page cache
const times = { bare: [], put: [], sha256sum: [], md5sum: [] };
// Each measurement starts on a quiet disk: earlier runs' writeback and discards are flushed first.
for (let i = 0; i < repeat; i++) {
  await settle();
  times.bare.push(await bareHash());
  await settle();
  times.put.push(await storePut());
  await settle();
  times.sha256sum.push(tool('sha256sum'));
  await settle();
  times.md5sum.push(tool('md5sum'));
}
await rm(root, { recursive: true, force: true });
const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
console.log(
  `objects-put: ${sizeMiB} MiB file from page cache, median of ${repeat} (node ${process.version})`,
);
for (const [k, s] of Object.entries(m))
  console.log(`  ${k.padEnd(10)} ${s.toFixed(3)} s  ${mbps(s).toFixed(0)} MB/s`);
const ratio = m.bare / m.put;
console.log(
  `  put / bare-node-sha256 throughput ratio: ${ratio.toFixed(2)} (target >= 0.85) ${ratio >= 0.85 ? 'PASS' : 'FAIL'}`,
);
console.log(
  `  put vs sha256sum: ${(m.sha256sum / m.put).toFixed(2)}x, vs md5sum: ${(m.md5sum / m.put).toFixed(2)}x`,
);
