/**
 * PostgreSQL output (`postgres://…#table`): one transaction per chunk. The marker row is inserted
 * first (ON CONFLICT DO NOTHING); when it was already there the chunk was committed before and the
 * transaction is rolled back. Rows go in as one `INSERT … SELECT FROM unnest($1, $2, …)` per table,
 * values always as parameters.
 */
import pg from 'pg';
import { FlywheelError } from '../core/index.js';
import { cellValue, type Table } from '../data/index.js';
import type { ChunkCounts, ChunkSink, OutputColumn, OutputShape } from './sink.js';
import { checkExisting, columnDefinitions, errorsTable, MARKER_TABLE } from './sql-common.js';
import { quoteIdent, redact } from './target.js';

const TYPES: Record<OutputColumn['type'], string> = {
  integer: 'bigint',
  double: 'double precision',
  text: 'text',
  boolean: 'boolean',
  timestamp: 'timestamptz',
};

/** Open (creating or checking) the tables of a PostgreSQL output. */
export async function openPostgresSink(url: string, table: string, shape: OutputShape): Promise<ChunkSink> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new FlywheelError(
      'BACKEND_UNAVAILABLE',
      `Cannot connect to PostgreSQL at ${redact(url)}: ${(error as Error).message}`,
      {
        hint: 'Check that the server runs and the URL (user, password, database) is right.',
        cause: error,
      },
    );
  }
  const errors = errorsTable(table);
  try {
    await ensureTable(client, table, shape.predictions);
    await ensureTable(client, errors, shape.errors);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoteIdent(MARKER_TABLE)} (job_id text NOT NULL, chunk integer NOT NULL, scored integer NOT NULL, failed integer NOT NULL, PRIMARY KEY (job_id, chunk))`,
    );
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    describe: { predictions: `${redact(url)}#${table}`, errors: `${redact(url)}#${errors}` },
    async committed(jobId) {
      const result = await client.query<{ chunk: number; scored: number; failed: number }>(
        `SELECT chunk, scored, failed FROM ${quoteIdent(MARKER_TABLE)} WHERE job_id = $1`,
        [jobId],
      );
      return new Map<number, ChunkCounts>(
        result.rows.map((r) => [r.chunk, { scored: r.scored, failed: r.failed }]),
      );
    },
    async commit(jobId, chunk) {
      await client.query('BEGIN');
      try {
        const marked = await client.query(
          `INSERT INTO ${quoteIdent(MARKER_TABLE)} VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [jobId, chunk.index, chunk.scored, chunk.failed],
        );
        if (marked.rowCount === 0) {
          await client.query('ROLLBACK');
          return;
        }
        await insertRows(client, table, chunk.predictions, shape.predictions);
        await insertRows(client, errors, chunk.errors, shape.errors);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async finish() {},
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

async function ensureTable(client: pg.Client, table: string, columns: OutputColumn[]): Promise<void> {
  const existing = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  if (existing.rows.length === 0) {
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (${columnDefinitions(columns, TYPES)})`,
    );
  } else
    checkExisting(
      table,
      'PostgreSQL',
      existing.rows.map((r) => r.column_name),
      columns,
    );
}

async function insertRows(
  client: pg.Client,
  table: string,
  rows: Table,
  columns: OutputColumn[],
): Promise<void> {
  if (rows.rowCount === 0) return;
  const arrays = rows.columns.map((column) => {
    const values = new Array<unknown>(rows.rowCount);
    for (let r = 0; r < rows.rowCount; r++) {
      const v = cellValue(column, r);
      values[r] = v instanceof Date ? v.toISOString() : v;
    }
    return values;
  });
  const names = rows.names.map(quoteIdent).join(', ');
  const casts = columns.map((c, i) => `$${i + 1}::${TYPES[c.type]}[]`).join(', ');
  await client.query(`INSERT INTO ${quoteIdent(table)} (${names}) SELECT * FROM unnest(${casts})`, arrays);
}
