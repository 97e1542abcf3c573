import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataEngine, openDataEngine } from './engine.js';
import { quoteLiteral } from './filter.js';
import {
  allocateFloat64,
  configureColumnPool,
  nativeCopy,
  nativeCopyUnavailableReason,
  setNativeCopyEnabled,
} from './native.js';
import { readChunks, readTable } from './read.js';
import type { Column, Table } from './table.js';

const native = nativeCopy();
const skipReason = native === null ? `native copy helper unavailable: ${nativeCopyUnavailableReason()}` : '';

let dir: string;
let file: string;
let engine: DataEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flywheel-native-'));
  file = join(dir, 'mixed.parquet');
  engine = await openDataEngine();
  // 300,000 rows in row groups of 50,000 (not a multiple of DuckDB's 2,048-row vectors), so
  // vectors straddle the 70,000-row chunks below; nulls in a double, an integer and a boolean.
  await engine.withConnection((c) =>
    c.run(
      `COPY (SELECT i::DOUBLE AS id, sin(i) AS s, CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.25 END AS gappy,
        CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 1000)::INTEGER END AS small,
        CASE WHEN i % 13 = 0 THEN NULL ELSE i % 2 = 0 END AS flag, (i % 3 = 0) AS third,
        TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS ts, DATE '2020-01-01' + (i % 500)::INTEGER AS day,
        CAST(i % 10000 AS DECIMAL(10, 2)) / 7 AS dec, cos(i) AS c, i * i * 1e-6 AS sq, -i::DOUBLE AS neg
        FROM range(300000) t(i)) TO ${quoteLiteral(file)} (FORMAT parquet, ROW_GROUP_SIZE 50000)`,
    ),
  );
});

afterAll(async () => {
  setNativeCopyEnabled(true);
  engine?.close();
  await rm(dir, { recursive: true, force: true });
});

function sameColumn(a: Column, b: Column, where: string): void {
  expect(a.kind, where).toBe(b.kind);
  if (a.kind === 'dictionary' || b.kind === 'dictionary') throw new Error(`${where}: unexpected text column`);
  expect(a.values.length, where).toBe(b.values.length);
  expect(a.values.constructor, where).toBe(b.values.constructor);
  // Byte equality: NaN for nulls, -0 and every bit of every double.
  expect(
    Buffer.from(a.values.buffer, a.values.byteOffset, a.values.byteLength).equals(
      Buffer.from(b.values.buffer, b.values.byteOffset, b.values.byteLength),
    ),
    `${where}: values`,
  ).toBe(true);
  expect(a.nulls === null, `${where}: has nulls`).toBe(b.nulls === null);
  if (a.nulls !== null && b.nulls !== null)
    expect(Buffer.from(a.nulls).equals(Buffer.from(b.nulls)), where).toBe(true);
}

function sameTables(a: Table[], b: Table[]): void {
  expect(a.map((t) => t.rowCount)).toEqual(b.map((t) => t.rowCount));
  a.forEach((t, i) => {
    expect(t.names).toEqual(b[i]!.names);
    for (let j = 0; j < t.columns.length; j++) {
      sameColumn(t.columns[j]!, b[i]!.columns[j]!, `table ${i} column ${t.names[j]}`);
    }
  });
}

async function readBoth<T>(read: () => Promise<T>): Promise<[T, T]> {
  const withAddon = await read();
  setNativeCopyEnabled(false);
  try {
    return [withAddon, await read()];
  } finally {
    setNativeCopyEnabled(true);
  }
}

async function collect(chunks: AsyncGenerator<Table>): Promise<Table[]> {
  const out: Table[] = [];
  for await (const t of chunks) out.push(t);
  return out;
}

describe('the native addon: accelerators on and off give the same tables', () => {
  it.runIf(process.env.FLYWHEEL_REQUIRE_NATIVE === '1')('is built (required in CI)', () => {
    expect(nativeCopyUnavailableReason()).toBe('');
    // GZIP Parquet pages are read with Node's zlib, ZSTD ones with the system's libzstd (libzstd1
    // is part of the base system).
    expect(native?.parquetCodecs()).toEqual([0, 1, 2, 6]);
  });

  it.skipIf(native === null)(`gives the same whole table as DuckDB alone ${skipReason}`, async () => {
    const [a, b] = await readBoth(() => readTable(file, { engine }));
    expect(a.rowCount).toBe(300_000);
    sameTables([a], [b]);
    const gappy = a.columns[a.names.indexOf('gappy')]!;
    expect(gappy.kind === 'float64' && gappy.nulls?.reduce((n, v) => n + v, 0)).toBe(Math.ceil(300_000 / 7));
    const flag = a.columns[a.names.indexOf('flag')]!;
    expect(flag.kind).toBe('bool');
    expect(flag.kind === 'bool' && flag.nulls?.reduce((n, v) => n + v, 0)).toBe(Math.ceil(300_000 / 13));
    expect(flag.kind === 'bool' && [flag.values[1], flag.values[2], flag.values[13]]).toEqual([0, 1, 0]);
  });

  it.skipIf(native === null)(`gives the same chunks as DuckDB alone ${skipReason}`, async () => {
    const [a, b] = await readBoth(() => collect(readChunks(file, { engine, chunkRows: 70_000 })));
    expect(a.map((t) => t.rowCount)).toEqual([70_000, 70_000, 70_000, 70_000, 20_000]);
    sameTables(a, b);
    // Rows land where they belong: the id column counts up across chunk boundaries.
    a.forEach((t, i) => {
      const id = t.columns[0]!;
      expect(id.kind === 'float64' && [id.values[0], id.values[t.rowCount - 1]]).toEqual([
        i * 70_000,
        i * 70_000 + t.rowCount - 1,
      ]);
    });
  });

  it.skipIf(native === null)(
    `fills tiny chunks (arrays small enough to live on V8's heap) ${skipReason}`,
    async () => {
      const small = join(dir, 'small.parquet');
      await engine.withConnection((c) =>
        c.run(
          `COPY (SELECT i::DOUBLE AS a, i * 2.0 AS b, i * 3.0 AS c, i * 4.0 AS d, i * 5.0 AS e, i * 6.0 AS f,
          i * 7.0 AS g, CASE WHEN i % 4 = 0 THEN NULL ELSE i * 8.0 END AS h FROM range(23) t(i))
          TO ${quoteLiteral(small)} (FORMAT parquet)`,
        ),
      );
      const [a, b] = await readBoth(() => collect(readChunks(small, { engine, chunkRows: 3 })));
      expect(a.length).toBe(8);
      sameTables(a, b);
      const h = a[7]!.columns[7]!;
      expect(h.kind === 'float64' && Array.from(h.values)).toEqual([21 * 8, 22 * 8]);
      const first = a[0]!.columns[7]!;
      expect(first.kind === 'float64' && first.nulls && Array.from(first.nulls)).toEqual([1, 0, 0]);
    },
  );
  it.skipIf(native === null)(`gives zeroed huge-page buffers ${skipReason}`, () => {
    const buffer = native!.hugeBuffer(3 << 20);
    expect(buffer.byteLength).toBe(3 << 20);
    expect(new Float64Array(buffer).every((v) => v === 0)).toBe(true);
  });
});

// The tests below need to collect buffers on demand.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MiB = 2 ** 20;

/** Collect garbage until the pool holds `mappings` mappings (finalizers run after the collection). */
async function collectInto(mappings: number): Promise<void> {
  for (let i = 0; i < 100 && (configureColumnPool()?.mappings ?? 0) < mappings; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(configureColumnPool()!.mappings).toBeGreaterThanOrEqual(mappings);
}

/**
 * V8's external memory once it stops moving: a collected buffer's bytes leave V8's count when its
 * sweeper gets to it, which can be after the buffer's finalizer has put the mapping in the pool.
 */
async function settledExternal(): Promise<number> {
  let previous = Number.NaN;
  for (let i = 0; i < 50; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
    const now = configureColumnPool()!.v8External;
    if (now === previous) return now;
    previous = now;
  }
  return previous;
}

/**
 * Empty the pool and wait until buffers of earlier tests have been collected and finalized (V8's
 * count stops moving), so they cannot arrive in the middle of a test.
 */
async function drainPool(): Promise<void> {
  configureColumnPool({ maxBytes: 0 });
  await settledExternal();
}

describe('column pool', () => {
  afterAll(() => {
    configureColumnPool({ maxBytes: 2 ** 30, maxIdleMs: 10_000 });
  });

  it.skipIf(native === null)(
    `recycles a collected column's memory, zeroed unless asked not to ${skipReason}`,
    async () => {
      await drainPool();
      configureColumnPool({ maxBytes: 64 * MiB, maxIdleMs: 60_000 });
      const before = configureColumnPool()!;
      (() => {
        allocateFloat64(MiB, false).fill(7);
      })();
      await collectInto(1);
      expect(configureColumnPool()!.bytes).toBeGreaterThanOrEqual(8 * MiB);
      const zeroed = allocateFloat64(MiB);
      expect(configureColumnPool()!.reused).toBe(before.reused + 1);
      expect(zeroed.every((v) => v === 0)).toBe(true);
    },
  );

  it.skipIf(native === null)(
    `hands out recycled memory as it was when asked not to zero it ${skipReason}`,
    async () => {
      await drainPool();
      configureColumnPool({ maxBytes: 64 * MiB });
      // 5 MiB arrays (6 MiB mappings): a size no other test uses, so this mapping is the one reused.
      const length = (5 * MiB) / 8;
      (() => {
        allocateFloat64(length, false).fill(3.5);
      })();
      await collectInto(1);
      const reused = configureColumnPool()!.reused;
      const dirty = allocateFloat64(length, false);
      expect(configureColumnPool()!.reused).toBe(reused + 1);
      expect(dirty[0]).toBe(3.5);
      expect(dirty[length - 1]).toBe(3.5);
    },
  );

  it.skipIf(native === null)(`is bounded, and drops what stays idle ${skipReason}`, async () => {
    await drainPool();
    configureColumnPool({ maxBytes: 20 * MiB, maxIdleMs: 60_000 });
    (() => {
      for (let i = 0; i < 4; i++) allocateFloat64(MiB, false);
    })();
    await collectInto(2);
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 5));
    }
    // Four 8 MiB mappings came back; two fit under 20 MiB.
    expect(configureColumnPool()!).toMatchObject({ mappings: 2, bytes: 16 * MiB });
    expect(configureColumnPool({ maxIdleMs: 0 })!).toMatchObject({ mappings: 0, bytes: 0 });
  });

  it.skipIf(native === null)(`counts pooled memory as external memory for V8 ${skipReason}`, async () => {
    await drainPool();
    configureColumnPool({ maxBytes: 256 * MiB, maxIdleMs: 60_000 });
    const base = configureColumnPool()!.v8External;
    let buffers: Float64Array[] | null = Array.from({ length: 8 }, () => allocateFloat64(MiB, false));
    const held = configureColumnPool()!.v8External;
    expect(held - base).toBeGreaterThanOrEqual(64 * MiB);
    buffers = null;
    await collectInto(8);
    // The 64 MiB are no longer in buffers but still held by the process, and V8 is told so.
    const pooled = await settledExternal();
    expect(Math.abs(pooled - held)).toBeLessThan(MiB);
    // Taking them back for new buffers moves the bytes without counting them twice.
    buffers = Array.from({ length: 8 }, () => allocateFloat64(MiB, false));
    expect(Math.abs(configureColumnPool()!.v8External - held)).toBeLessThan(MiB);
    buffers = null;
    await collectInto(8);
    const pooledAgain = await settledExternal();
    expect(Math.abs(pooledAgain - held)).toBeLessThan(MiB);
    configureColumnPool({ maxBytes: 0 });
    // Within 1 MiB, as above: other external memory of the process moves a little meanwhile.
    expect(pooledAgain - configureColumnPool()!.v8External).toBeGreaterThan(63 * MiB);
    expect(buffers).toBeNull();
  });

  it.skipIf(native === null)(
    `gives tables equal to DuckDB's when the accelerator's reads reuse dirty memory ${skipReason}`,
    async () => {
      await drainPool();
      configureColumnPool({ maxBytes: 256 * MiB, maxIdleMs: 60_000 });
      // Columns large enough for pooled memory (600,000 doubles), with nulls in a double and a boolean.
      const large = join(dir, 'large.parquet');
      await engine.withConnection((c) =>
        c.run(
          `COPY (SELECT i::DOUBLE AS id, CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.5::DOUBLE END AS gappy,
          CASE WHEN i % 13 = 0 THEN NULL ELSE i % 2 = 0 END AS flag, sin(i) AS s, (i % 100)::INTEGER AS small,
          cos(i) AS c, i * 2.0::DOUBLE AS twice, -i::DOUBLE AS neg
          FROM range(600000) t(i)) TO ${quoteLiteral(large)} (FORMAT parquet, ROW_GROUP_SIZE 100000)`,
        ),
      );
      // Fill the pool with mappings of that size full of non-NaN garbage.
      (() => {
        for (let i = 0; i < 12; i++) allocateFloat64(600_000, false).fill(-1234.5);
      })();
      await collectInto(12);
      const reused = configureColumnPool()!.reused;
      const [a, b] = await readBoth(() => readTable(large, { engine }));
      expect(a.rowCount).toBe(600_000);
      expect(configureColumnPool()!.reused).toBeGreaterThan(reused);
      sameTables([a], [b]);
    },
  );

  it.skipIf(native === null)(`keeps its newest 256 mappings when more come back ${skipReason}`, async () => {
    await drainPool();
    configureColumnPool({ maxBytes: 2 ** 31, maxIdleMs: 60_000 });
    // 260 untouched 2 MiB mappings (no memory is used until written).
    (() => {
      for (let i = 0; i < 260; i++) native!.hugeBuffer(2 * MiB, false);
    })();
    await collectInto(256);
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 5));
    }
    // (Mappings of earlier tests' columns may be among them.)
    expect(configureColumnPool()!.mappings).toBe(256);
    expect(configureColumnPool()!.bytes).toBeGreaterThanOrEqual(256 * 2 * MiB);
    configureColumnPool({ maxBytes: 0 });
  });
});
