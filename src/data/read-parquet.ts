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

/** Read a Parquet scan through the sink; undefined when the fallback path must be used. */
export async function readWithSink(
  engine: DataEngine,
  connection: DuckDBConnection,
  plan: ScanPlan,
): Promise<Table | undefined> {
  const file = quoteLiteral(plan.facts.path);
  const counted = await connection.runAndReadAll(`SELECT count(*) FROM read_parquet(${file})`);
  const rowCount = Number(counted.getRows()[0]?.[0] ?? 0);
  const builders = plan.columns.map((c) => createColumnBuilder(c.kind, rowCount));
  let written = 0;
  const id = engine.addSink((chunk) => {
    const count = chunkRowCount(chunk);
    if (count === 0) return;
    const rows = bigintValues(chunkVector(chunk, 1), count);
    const first = Number(rows[0]);
    if (Number(rows[count - 1]) - first !== count - 1 || first + count > rowCount)
      throw new Error(NOT_CONTIGUOUS);
    for (let j = 0; j < builders.length; j++) builders[j]!.write(chunkVector(chunk, j + 2), count, first);
    written += count;
  });
  const expressions = plan.columns.map((c) => c.expression).join(', ');
  const sql =
    `SELECT count(${SINK_FUNCTION}(${id}::INTEGER, file_row_number, ${expressions})) ` +
    `FROM read_parquet(${file}, file_row_number = true)`;
  try {
    await connection.run(sql);
  } catch (error) {
    if (error instanceof Error && error.message.includes(NOT_CONTIGUOUS)) return undefined;
    throw error;
  } finally {
    engine.removeSink(id);
  }
  if (written !== rowCount) return undefined;
  return createTable(
    plan.columns.map((c) => c.name),
    builders.map((b) => b.finish(rowCount)),
    rowCount,
  );
}
