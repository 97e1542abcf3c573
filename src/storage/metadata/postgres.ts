/** The PostgreSQL metadata store, for teams: many machines share one database. */

import { FlywheelError } from '../../core/index.js';
import { postgresDialect } from './dialect.js';
import { Kysely, sql } from './kysely-runtime.js';
import { KyselyMetadataStore } from './kysely-store.js';
import { MIGRATIONS } from './migrations/index.js';
import { migrate } from './migrator.js';
import type { MetadataSchema } from './schema.js';

/** A MetadataStore in a PostgreSQL database (optionally in one schema, `?schema=NAME`). */
export class PostgresMetadataStore extends KyselyMetadataStore {
  /** Connect, create the schema if named and missing, and migrate. */
  static async open(url: string): Promise<PostgresMetadataStore> {
    const { connectionString, schema } = splitSchema(url);
    const db = new Kysely<MetadataSchema>({ dialect: await postgresDialect(connectionString, schema) });
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      await db.destroy();
      throw new FlywheelError(
        'BACKEND_UNAVAILABLE',
        `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`,
        {
          cause: error,
          hint: 'Check that the server is running and the URL (host, port, database, user) is right.',
        },
      );
    }
    try {
      await migrate(db, 'postgres', MIGRATIONS, schema);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return new PostgresMetadataStore(db, 'postgres', redactUrl(url));
  }
}

function splitSchema(url: string): { connectionString: string; schema: string | undefined } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new FlywheelError('CONFIG_INVALID', `invalid PostgreSQL schema name "${schema}"`, {
      hint: 'Use letters, digits and underscores, starting with a letter (e.g. ?schema=flywheel).',
    });
  }
  return { connectionString: u.toString(), schema };
}

/** A URL with its password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
