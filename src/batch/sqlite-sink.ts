/**
 * SQLite output (`sqlite://path#table`): one transaction per chunk holds the chunk's predictions,
 * its errors and its row in the marker table, so a chunk is in the database whole or not at all.
 */
import Database from 'better-sqlite3';
import { FlywheelError } from '../core/index.js';
import type { Table } from '../data/index.js';
import type { ScoredChunk } from './score-chunk.js';
import type { ChunkCounts, ChunkSink, OutputColumn, OutputShape } from './sink.js';
import { checkExisting, columnDefinitions, errorsTable, MARKER_TABLE, sqlRows } from './sql-common.js';
import { quoteIdent } from './target.js';

const TYPES: Record<OutputColumn['type'], string> = {
  integer: 'INTEGER',
  double: 'REAL',
  text: 'TEXT',
  boolean: 'INTEGER',
  timestamp: 'TEXT',
};
const BATCH = 200;

/** Open (creating or checking) the tables of a SQLite output. */
export function openSqliteSink(path: string, table: string, shape: OutputShape): ChunkSink {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw new FlywheelError('IO_ERROR', `Cannot open SQLite database ${path}: ${(error as Error).message}`, {
      where: { file: path },
      hint: 'Check that the folder exists and is writable.',
      cause: error,
    });
  }
  const errors = errorsTable(table);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    ensureTable(db, path, table, shape.predictions);
    ensureTable(db, path, errors, shape.errors);
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${quoteIdent(MARKER_TABLE)} (job_id TEXT NOT NULL, chunk INTEGER NOT NULL, scored INTEGER NOT NULL, failed INTEGER NOT NULL, PRIMARY KEY (job_id, chunk))`,
    );
  } catch (error) {
    db.close();
    throw error;
  }
  const mark = db.prepare(`INSERT OR IGNORE INTO ${quoteIdent(MARKER_TABLE)} VALUES (?, ?, ?, ?)`);
  const commit = db.transaction((jobId: string, chunk: ScoredChunk) => {
    if (mark.run(jobId, chunk.index, chunk.scored, chunk.failed).changes === 0) return;
    insertRows(db, table, chunk.predictions);
    insertRows(db, errors, chunk.errors);
  });
  return {
    describe: { predictions: `sqlite://${path}#${table}`, errors: `sqlite://${path}#${errors}` },
    async committed(jobId) {
      const rows = db
        .prepare(`SELECT chunk, scored, failed FROM ${quoteIdent(MARKER_TABLE)} WHERE job_id = ?`)
        .all(jobId) as Array<{ chunk: number; scored: number; failed: number }>;
      return new Map<number, ChunkCounts>(rows.map((r) => [r.chunk, { scored: r.scored, failed: r.failed }]));
    },
    async commit(jobId, chunk) {
      commit.immediate(jobId, chunk);
    },
    async finish() {},
    async close() {
      db.close();
    },
  };
}

function ensureTable(db: Database.Database, path: string, table: string, columns: OutputColumn[]): void {
  const existing = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>;
  if (existing.length === 0)
    db.exec(`CREATE TABLE ${quoteIdent(table)} (${columnDefinitions(columns, TYPES)})`);
  else
    checkExisting(
      table,
      path,
      existing.map((c) => c.name),
      columns,
    );
}

function insertRows(db: Database.Database, table: string, rows: Table): void {
  if (rows.rowCount === 0) return;
  const width = rows.names.length;
  const names = rows.names.map(quoteIdent).join(', ');
  const tuple = `(${new Array(width).fill('?').join(', ')})`;
  const full = db.prepare(
    `INSERT INTO ${quoteIdent(table)} (${names}) VALUES ${new Array(BATCH).fill(tuple).join(', ')}`,
  );
  let buffer: (string | number | null)[] = [];
  let count = 0;
  for (const row of sqlRows(rows)) {
    buffer.push(...row);
    if (++count === BATCH) {
      full.run(buffer);
      buffer = [];
      count = 0;
    }
  }
  if (count > 0) {
    db.prepare(
      `INSERT INTO ${quoteIdent(table)} (${names}) VALUES ${new Array(count).fill(tuple).join(', ')}`,
    ).run(buffer);
  }
}
