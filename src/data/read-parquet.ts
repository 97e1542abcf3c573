/**
 * The fast path for loading a whole Parquet file (or some of its columns) into a table.
 *
 * The ordinary path runs the query, lets DuckDB materialise the result, then copies it out chunk
 * by chunk; each 2,048-row chunk is copied twice inside DuckDB before JS sees it. Here the query
 * instead feeds every scanned chunk, with its `file_row_number`, to the engine's sink function:
 * DuckDB's threads decode row groups in parallel and the handler copies each vector straight to
 * its final place in preallocated arrays (the row count comes from the Parquet footer). Rows of a
 * chunk are contiguous in the file; if that ever did not hold, the handler aborts and the caller
 * falls back to the ordinary path, so correctness never depends on it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { bigintValues, chunkRowCount, chunkVector, createColumnBuilder } from './column-builders.js';
import { type DataEngine, SINK_FUNCTION } from './engine.js';
import { quoteLiteral } from './filter.js';
import type { ScanPlan } from './scan-plan.js';
import { createTable, type Table } from './table.js';

const NOT_CONTIGUOUS = 'flywheel: chunk rows are not contiguous';

/**
 * The fewest columns for which the sink path pays off. Each 2,048-row chunk costs one hop from a
 * DuckDB thread to the JS thread (~40 µs), while the ordinary path costs two extra copies of every
 * value; measured on 1M-row files, the sink is slower for 1–4 columns and faster from ~8 on
 * (1.4x at 50 columns).
 */
export const SINK_MIN_COLUMNS = 8;

/** True when the plan should use the sink path: a whole single Parquet file, no filter or limit, enough columns. */
export function canReadWithSink(plan: ScanPlan): boolean {
  return (
    plan.format === 'parquet' &&
    plan.filter === undefined &&
    plan.limit === undefined &&
    plan.columns.length >= SINK_MIN_COLUMNS &&
    !/[*?[]/.test(plan.facts.path) &&
    !plan.available.some((c) => c.name === 'file_row_number')
  );
}

/**
 * Read a whole Parquet scan through the sink: `readParquetChunks` with one chunk and one query;
 * undefined when the fallback path must be used.
 */
export async function readWithSink(
  engine: DataEngine,
  connection: DuckDBConnection,
  plan: ScanPlan,
): Promise<Table | undefined> {
  let fellBack = false;
  // biome-ignore lint/correctness/useYield: the fallback only records that it was needed.
  const fallback = async function* (): AsyncGenerator<Table> {
    fellBack = true;
  };
  const all = Number.MAX_SAFE_INTEGER;
  const tables: Table[] = [];
  for await (const table of readParquetChunks(engine, connection, plan, all, all, fallback))
    tables.push(table);
  if (fellBack) return undefined;
  return (
    tables[0] ??
    createTable(
      plan.columns.map((c) => c.name),
      plan.columns.map((c) => createColumnBuilder(c.kind, 0).finish(0)),
      0,
    )
  );
}

/** The fewest rows one query of `readParquetChunks` covers (whole row groups are read at a time). */
export const SEGMENT_MIN_ROWS = 131_072;

/** True when `readParquetChunks` may stream the plan: the sink's conditions, and no text columns. */
export function canStreamWithSink(plan: ScanPlan): boolean {
  return canReadWithSink(plan) && plan.columns.every((c) => c.kind !== 'dictionary');
}

/** A chunk being filled: its builders and how many of its rows have arrived. */
interface PendingChunk {
  builders: ReturnType<typeof createColumnBuilder>[];
  length: number;
  written: number;
}

/**
 * A Parquet scan in chunks of exactly `chunkRows` rows (the last may be shorter), read through the
 * sink one segment of whole row groups (at least `minRows` rows) per query, with a
 * `file_row_number` range that lets DuckDB skip the other row groups. DuckDB's threads decode a
 * segment in parallel and every vector is copied once, straight into the chunk it belongs to (a
 * vector that straddles two chunks is split), so each chunk owns its buffers (they can be moved
 * to another thread without a copy). Should the sink ever see rows out of order, the rest of the
 * file, from the first chunk not yet yielded, comes from `fallback(firstRow)` instead.
 */
export async function* readParquetChunks(
  engine: DataEngine,
  connection: DuckDBConnection,
  plan: ScanPlan,
  chunkRows: number,
  minRows: number,
  fallback: (firstRow: number) => AsyncGenerator<Table>,
): AsyncGenerator<Table> {
  const file = quoteLiteral(plan.facts.path);
  const groups = await connection.runAndReadAll(
    `SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(${file}) ORDER BY row_group_id`,
  );
  const sizes = groups.getRows().map((r) => Number(r[1]));
  const total = sizes.reduce((a, b) => a + b, 0);
  const pending = new Map<number, PendingChunk>();
  const chunk = (c: number): PendingChunk => {
    let p = pending.get(c);
    if (!p) {
      const length = Math.min(chunkRows, total - c * chunkRows);
      p = { builders: plan.columns.map((col) => createColumnBuilder(col.kind, length)), length, written: 0 };
      pending.set(c, p);
    }
    return p;
  };
  const names = plan.columns.map((c) => c.name);
  const expressions = plan.columns.map((c) => c.expression).join(', ');
  let next = 0;
  let start = 0;
  let rows = 0;
  for (let g = 0; g < sizes.length; g++) {
    rows += sizes[g]!;
    if (rows < minRows && g < sizes.length - 1) continue;
    const end = start + rows;
    const id = engine.addSink((dataChunk) => {
      let count = chunkRowCount(dataChunk);
      if (count === 0) return;
      const numbers = bigintValues(chunkVector(dataChunk, 1), count);
      let row = Number(numbers[0]);
      if (Number(numbers[count - 1]) - row !== count - 1 || row < start || row + count > end)
        throw new Error(NOT_CONTIGUOUS);
      let from = 0;
      while (count > 0) {
        const c = Math.floor(row / chunkRows);
        const at = row - c * chunkRows;
        const p = chunk(c);
        const take = Math.min(count, p.length - at);
        for (let j = 0; j < p.builders.length; j++)
          p.builders[j]!.write(chunkVector(dataChunk, j + 2), take, at, from);
        p.written += take;
        row += take;
        from += take;
        count -= take;
      }
    });
    try {
      await connection.run(
        `SELECT count(${SINK_FUNCTION}(${id}::INTEGER, file_row_number, ${expressions})) ` +
          `FROM read_parquet(${file}, file_row_number = true) ` +
          `WHERE file_row_number >= ${start} AND file_row_number < ${end}`,
      );
    } catch (error) {
      if (!(error instanceof Error && error.message.includes(NOT_CONTIGUOUS))) throw error;
      yield* fallback(next * chunkRows);
      return;
    } finally {
      engine.removeSink(id);
    }
    for (let p = pending.get(next); p !== undefined && p.written === p.length; p = pending.get(next)) {
      pending.delete(next++);
      yield createTable(
        names,
        p.builders.map((b) => b.finish(p!.length)),
        p.length,
      );
    }
    start = end;
    rows = 0;
  }
  if (pending.size > 0 || next * chunkRows < total) {
    // Rows went missing (a chunk never filled): read the rest the ordinary way.
    yield* fallback(next * chunkRows);
  }
}
