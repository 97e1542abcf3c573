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
  return readRangeWithSink(engine, connection, plan, 0, Number(counted.getRows()[0]?.[0] ?? 0), false);
}

/**
 * Rows `start`…`start + rowCount − 1` of a Parquet scan through the sink (`ranged`: with a
 * `file_row_number` filter, which DuckDB uses to skip the row groups outside the range); undefined
 * when the fallback path must be used.
 */
async function readRangeWithSink(
  engine: DataEngine,
  connection: DuckDBConnection,
  plan: ScanPlan,
  start: number,
  rowCount: number,
  ranged: boolean,
): Promise<Table | undefined> {
  const file = quoteLiteral(plan.facts.path);
  const builders = plan.columns.map((c) => createColumnBuilder(c.kind, rowCount));
  let written = 0;
  const id = engine.addSink((chunk) => {
    const count = chunkRowCount(chunk);
    if (count === 0) return;
    const rows = bigintValues(chunkVector(chunk, 1), count);
    const first = Number(rows[0]) - start;
    if (Number(rows[count - 1]) - start - first !== count - 1 || first < 0 || first + count > rowCount)
      throw new Error(NOT_CONTIGUOUS);
    for (let j = 0; j < builders.length; j++) builders[j]!.write(chunkVector(chunk, j + 2), count, first);
    written += count;
  });
  const expressions = plan.columns.map((c) => c.expression).join(', ');
  const where = ranged ? ` WHERE file_row_number >= ${start} AND file_row_number < ${start + rowCount}` : '';
  const sql =
    `SELECT count(${SINK_FUNCTION}(${id}::INTEGER, file_row_number, ${expressions})) ` +
    `FROM read_parquet(${file}, file_row_number = true)${where}`;
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

/** The fewest rows a segment of `readSegments` holds (whole row groups are read at a time). */
export const SEGMENT_MIN_ROWS = 131_072;

/** True when `readSegments` may stream the plan: the sink's conditions, and no text columns. */
export function canStreamWithSink(plan: ScanPlan): boolean {
  return canReadWithSink(plan) && plan.columns.every((c) => c.kind !== 'dictionary');
}

/**
 * A Parquet scan as consecutive segments of whole row groups, each at least `minRows` rows (the
 * last may be shorter), read through the sink with a `file_row_number` range. Each segment is read
 * in parallel by DuckDB's threads and copied once, where the streaming path hops to DuckDB for
 * every 2,048-row vector. A segment the sink cannot read (rows not contiguous) is read by an
 * ordinary query over the same range, ordered by row number.
 */
export async function* readSegments(
  engine: DataEngine,
  connection: DuckDBConnection,
  plan: ScanPlan,
  minRows: number,
  fallback: (sql: string) => Promise<Table>,
): AsyncGenerator<Table> {
  const file = quoteLiteral(plan.facts.path);
  const groups = await connection.runAndReadAll(
    `SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(${file}) ORDER BY row_group_id`,
  );
  let start = 0;
  let rows = 0;
  const sizes = groups.getRows().map((r) => Number(r[1]));
  for (let g = 0; g < sizes.length; g++) {
    rows += sizes[g]!;
    if (rows < minRows && g < sizes.length - 1) continue;
    const segment =
      (await readRangeWithSink(engine, connection, plan, start, rows, true)) ??
      (await fallback(
        `SELECT ${plan.columns.map((c) => c.expression).join(', ')} FROM read_parquet(${file}, file_row_number = true) ` +
          `WHERE file_row_number >= ${start} AND file_row_number < ${start + rows} ORDER BY file_row_number`,
      ));
    yield segment;
    start += rows;
    rows = 0;
  }
}
