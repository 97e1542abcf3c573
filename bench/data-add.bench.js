// `data add` speed: (1) a 1 GiB file against a bare Node SHA-256 stream of the same file, in the
// same run (target >= 0.8x); (2) a folder of 10,000 small files: re-adding it unchanged must take
// <= 10% of the first add, and changing one file must rehash exactly one file.
// Usage: npm run bench -- data-add [--size-mib 1024] [--files 10000] [--repeat 3]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { initWorkspace, openPlatform } from '../dist/index.js';
import { dataDir, flag, median, randomBlob, settleDisk as settle } from './lib.js';

const sizeMiB = flag('--size-mib', 1024);
const nFiles = flag('--files', 10_000);
const repeat = flag('--repeat', 3);
const blob = randomBlob(sizeMiB);

async function freshWorkspace(name) {
  const ws = join(dataDir, name);
  await rm(ws, { recursive: true, force: true });
  await initWorkspace(ws, { env: {} });
  return openPlatform({ cwd: ws, env: {} });
}

async function bareHash() {
  const t = performance.now();
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(blob, { highWaterMark: 1 << 20 })) hash.update(chunk);
  hash.digest('hex');
  return (performance.now() - t) / 1000;
}

async function addBlob() {
  const p = await freshWorkspace('ws-blob');
  await settle();
  const t = performance.now();
  await p.data.add(blob, { name: 'blob' });
  const s = (performance.now() - t) / 1000;
  await p.close();
  return s;
}

spawnSync('cat', [blob], { stdio: 'ignore' });
const bare = [];
const add = [];
for (let i = 0; i < repeat; i++) {
  await settle();
  bare.push(await bareHash());
  add.push(await addBlob());
}
await rm(join(dataDir, 'ws-blob'), { recursive: true, force: true });
const mb = statSync(blob).size / 1e6;
console.log(`data-add: ${sizeMiB} MiB file, median of ${repeat} (node ${process.version})`);
console.log(`  bare sha256 stream ${median(bare).toFixed(3)} s (${(mb / median(bare)).toFixed(0)} MB/s)`);
console.log(`  data add           ${median(add).toFixed(3)} s (${(mb / median(add)).toFixed(0)} MB/s)`);
const r1 = median(bare) / median(add);
console.log(`  ratio ${r1.toFixed(2)} (target >= 0.80) ${r1 >= 0.8 ? 'PASS' : 'FAIL'}`);

// A folder of small files.
const folder = join(dataDir, `small-${nFiles}`);
await rm(folder, { recursive: true, force: true });
for (let i = 0; i < nFiles; i++) {
  const sub = join(folder, `d${i % 100}`);
  if (i < 100) mkdirSync(sub, { recursive: true });
  writeFileSync(join(sub, `f${i}.bin`), `file ${i} ${'x'.repeat(i % 512)}\n`);
}
const p = await freshWorkspace('ws-small');
await settle();
let t = performance.now();
const first = await p.data.add(folder, { name: 'small' });
const tFirst = (performance.now() - t) / 1000;
t = performance.now();
const again = await p.data.add(folder, { name: 'small' });
const tAgain = (performance.now() - t) / 1000;
writeFileSync(join(folder, 'd7', 'f7.bin'), 'changed\n');
t = performance.now();
const changed = await p.data.add(folder, { name: 'small' });
const tChanged = (performance.now() - t) / 1000;
await p.close();
console.log(`data-add: folder of ${nFiles} small files`);
console.log(`  first add      ${tFirst.toFixed(3)} s (hashed ${first.hashed})`);
console.log(`  unchanged add  ${tAgain.toFixed(3)} s (hashed ${again.hashed}, created ${again.created})`);
console.log(
  `  one changed    ${tChanged.toFixed(3)} s (hashed ${changed.hashed}: ${changed.hashedPaths.join(', ')})`,
);
const r2 = tAgain / tFirst;
console.log(`  unchanged / first = ${(r2 * 100).toFixed(1)}% (target <= 10%) ${r2 <= 0.1 ? 'PASS' : 'FAIL'}`);
console.log(
  `  files rehashed after one change: ${changed.hashed} (target 1) ${changed.hashed === 1 ? 'PASS' : 'FAIL'}`,
);
await rm(join(dataDir, 'ws-small'), { recursive: true, force: true });
await rm(folder, { recursive: true, force: true });
