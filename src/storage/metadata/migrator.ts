/**
 * Versioned migrations, applied on open inside one transaction that holds the write lock
 * (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so two processes opening a new store
 * at once apply each migration exactly once.
 */
import type { Kysely } from 'kysely';
import { FlywheelError } from '../../core/index.js';
import { type DialectName, lockForMigration } from './dialect.js';
import { sql } from './kysely-runtime.js';
import type { Migration } from './migrations/index.js';
import type { MetadataSchema } from './schema.js';

/** Apply the pending migrations; returns the versions applied now. */
export async function migrate(
  db: Kysely<MetadataSchema>,
  dialect: DialectName,
  migrations: readonly Migration[],
  schema?: string,
): Promise<number[]> {
  const latest = migrations.at(-1)?.version ?? 0;
  try {
    return await db.transaction().execute(async (trx) => {
      await lockForMigration(trx, dialect);
      // Created under the lock: concurrent CREATE SCHEMA IF NOT EXISTS can otherwise collide.
      if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
      await trx.schema
        .createTable('schema_migrations')
        .ifNotExists()
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'bigint', (c) => c.notNull())
        .execute();
      const rows = await trx.selectFrom('schema_migrations').select('version').execute();
      const applied = new Set(rows.map((r) => Number(r.version)));
      const newest = Math.max(0, ...applied);
      if (newest > latest) throw tooNew(newest, latest);
      const done: number[] = [];
      for (const m of migrations) {
        if (applied.has(m.version)) continue;
        await m.up(trx, dialect);
        await trx
          .insertInto('schema_migrations')
          .values({ version: m.version, name: m.name, applied_at: Date.now() })
          .execute();
        done.push(m.version);
      }
      return done;
    });
  } catch (error) {
    if (error instanceof FlywheelError) throw error;
    throw new FlywheelError(
      'MIGRATION_FAILED',
      `migrating the metadata store failed: ${(error as Error).message}`,
      {
        cause: error,
        hint: 'Nothing was changed (migrations run in one transaction). Check the database is reachable and writable, then retry.',
      },
    );
  }
}

function tooNew(found: number, known: number): FlywheelError {
  return new FlywheelError(
    'MIGRATION_FAILED',
    `the metadata store is at schema version ${found}, newer than this Flywheel knows (${known})`,
    {
      hint: 'Upgrade Flywheel to the version that last wrote this workspace.',
    },
  );
}

/** The schema version a store is at (0 for an empty database). */
export async function schemaVersion(db: Kysely<MetadataSchema>): Promise<number> {
  const row = await sql<{ v: number | null }>`select max(version) as v from schema_migrations`.execute(db);
  return Number(row.rows[0]?.v ?? 0);
}
