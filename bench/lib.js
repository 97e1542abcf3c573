// Shared pieces of the benchmarks: flags, the data folder, medians, quiet-heap and quiet-disk pauses, test files.
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/.data (gitignored), created on first use. */
export const dataDir = join(dirname(fileURLToPath(import.meta.url)), '.data');
mkdirSync(dataDir, { recursive: true });

/** A numeric flag `--name N` from the command line, or `def`. */
export function flag(name, def) {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
}

/** The median of some numbers. */
export function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** Collect garbage (with --expose-gc) and wait `ms`, so a timed section starts on a quiet heap. */
export async function settle(ms = 200) {
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, ms));
}

/** Flush dirty pages and wait, so a measurement starts on a quiet disk. */
export async function settleDisk() {
  spawnSync('sync');
  await new Promise((r) => setTimeout(r, 500));
}

/** A file of `mib` MiB of random bytes in bench/.data (made once, reused). */
export function randomBlob(mib) {
  const file = join(dataDir, `blob-${mib}m.bin`);
  if (!existsSync(file) || statSync(file).size !== mib * 1024 * 1024) {
    const fd = openSync(file, 'w');
    const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
    for (let i = 0; i < mib / 8; i++) writeSync(fd, randomFillSync(buf));
    closeSync(fd);
  }
  return file;
}

/** A Parquet file of `rows` rows × `columns` random DOUBLE columns c0…, written with DuckDB once. */
export async function randomParquet(engine, name, columns, rows) {
  const file = join(dataDir, `${name}-${columns}x${rows}.parquet`);
  if (!existsSync(file)) {
    const list = Array.from({ length: columns }, (_, i) => `random() * ${i + 1} AS c${i}`).join(', ');
    await engine.withConnection((c) =>
      c.run(`COPY (SELECT ${list} FROM range(${rows})) TO '${file}' (FORMAT parquet)`),
    );
  }
  return file;
}
